-- Searches roll-ups gain the segment cell (device, new/returning, source, landing page) so that
-- GET /api/search and the insights' search findings honor every segment filter, like the journey map.
-- Old rows have no segment: they are dropped, and every shop's roll-up watermark with them, so the
-- next roll-up job rebuilds each shop's days from its journeys (app/jobs/rollup-job.ts: no state = full).
DELETE FROM "AnalyticsSearchDaily";

-- AlterTable
ALTER TABLE "AnalyticsSearchDaily" ADD COLUMN     "device" TEXT NOT NULL,
ADD COLUMN     "isReturning" BOOLEAN NOT NULL,
ADD COLUMN     "landingStep" TEXT NOT NULL,
ADD COLUMN     "source" TEXT NOT NULL;

DELETE FROM "AnalyticsRollupState";
