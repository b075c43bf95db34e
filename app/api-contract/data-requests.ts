/** GET /api/data-requests: the shop's customers/data_request exports (app/privacy/compliance.ts fills them). */
import { z } from 'zod';

export const dataExportStatusSchema = z.enum(['pending', 'ready', 'failed']);
export type DataExportStatus = z.infer<typeof dataExportStatusSchema>;

export const dataRequestRowSchema = z.strictObject({
  id: z.number(),
  /** Shopify's customer id, as text (null when the request named none) */
  customerId: z.string().nullable(),
  ordersRequested: z.array(z.string()),
  status: dataExportStatusSchema,
  /** when Shopify sent the request (ISO) */
  requestedAt: z.string(),
  completedAt: z.string().nullable(),
  /** when Waymark deletes the export (ISO) */
  expiresAt: z.string(),
  /** the shop must answer the customer by this time (ISO): 30 days after the request */
  answerBy: z.string(),
});
export type DataRequestRow = z.infer<typeof dataRequestRowSchema>;

export const dataRequestsAnswerSchema = z.strictObject({ requests: z.array(dataRequestRowSchema), keepDays: z.number() });
export type DataRequestsAnswer = z.infer<typeof dataRequestsAnswerSchema>;
