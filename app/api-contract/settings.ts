/** GET and PUT /api/settings answer with the shop's settings. */
import { z } from 'zod';

export const merchandisingSchema = z.strictObject({ exclusions: z.array(z.string()), pins: z.array(z.string()) });
export type Merchandising = z.infer<typeof merchandisingSchema>;

export const settingsSchema = z.strictObject({
  sessionGapMinutes: z.number(),
  retentionDays: z.number(),
  holdoutPercent: z.number(),
  merchandising: merchandisingSchema,
});
export type Settings = z.infer<typeof settingsSchema>;

/** POST /api/data/delete: what was deleted. */
export const dataDeleteAnswerSchema = z.strictObject({ deleted: z.strictObject({ events: z.number(), journeys: z.number(), models: z.number() }) });
export type DataDeleteAnswer = z.infer<typeof dataDeleteAnswerSchema>;
