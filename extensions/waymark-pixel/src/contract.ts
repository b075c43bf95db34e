/**
 * The pixel's view of the ingest contract: the event names and limits (./event-names.ts,
 * the one definition, which the server's schema imports too) and the event types, taken
 * from the server's zod schema (app/api-contract/ingest.ts) with `import type`, which
 * esbuild erases, so neither zod nor the schema enters the bundle.
 */
import type { JourneyEvent, LineItem } from '../../../app/api-contract/ingest';

export type { JourneyEvent, LineItem };
export * from './event-names';

/** Body shape the pixel posts (same as the contract's `IngestBatch`). */
export interface PixelBatch {
  shopKey: string;
  events: JourneyEvent[];
}
