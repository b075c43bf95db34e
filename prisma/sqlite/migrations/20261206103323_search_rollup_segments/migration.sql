-- Searches roll-ups gain the segment cell (device, new/returning, source, landing page) so that
-- GET /api/search and the insights' search findings honor every segment filter, like the journey map.
-- Old rows have no segment: they are dropped, and every shop's roll-up watermark with them, so the
-- next roll-up job rebuilds each shop's days from its journeys (app/jobs/rollup-job.ts: no state = full).
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AnalyticsSearchDaily" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "device" TEXT NOT NULL,
    "isReturning" BOOLEAN NOT NULL,
    "source" TEXT NOT NULL,
    "landingStep" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "searches" INTEGER NOT NULL,
    "zeroResults" INTEGER NOT NULL,
    "clicked" INTEGER NOT NULL,
    "sessions" INTEGER NOT NULL,
    "purchases" INTEGER NOT NULL
);
DROP TABLE "AnalyticsSearchDaily";
ALTER TABLE "new_AnalyticsSearchDaily" RENAME TO "AnalyticsSearchDaily";
CREATE INDEX "AnalyticsSearchDaily_shopId_day_idx" ON "AnalyticsSearchDaily"("shopId", "day");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
DELETE FROM "AnalyticsRollupState";
