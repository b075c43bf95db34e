/**
 * The answers of GET /api/data-requests (app/routes/api-data-requests.ts), shared with the
 * admin page (web/src/pages/DataRequestsCard.tsx). Types only: the page imports them
 * without bundling server code.
 */
export type DataExportStatus = 'pending' | 'ready' | 'failed';

export interface DataRequestRow {
  id: number;
  /** Shopify's customer id, as text (null when the request named none) */
  customerId: string | null;
  ordersRequested: string[];
  status: DataExportStatus;
  /** when Shopify sent the request (ISO) */
  requestedAt: string;
  completedAt: string | null;
  /** when Waymark deletes the export (ISO) */
  expiresAt: string;
  /** the shop must answer the customer by this time (ISO): 30 days after the request */
  answerBy: string;
}

export interface DataRequestsAnswer {
  requests: DataRequestRow[];
  keepDays: number;
}
