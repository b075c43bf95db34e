-- DropIndex
DROP INDEX "AnalyticsItemFlowDaily_shopId_anchor_day_idx";

-- DropIndex
DROP INDEX "AnalyticsPathDaily_shopId_kind_day_idx";

-- CreateIndex
CREATE INDEX "AnalyticsItemFlowDaily_cover_idx" ON "AnalyticsItemFlowDaily"("shopId", "anchor", "day", "position", "fromNode", "toNode", "sessions", "purchases");

-- CreateIndex
CREATE INDEX "AnalyticsPathDaily_cover_idx" ON "AnalyticsPathDaily"("shopId", "kind", "day", "device", "isReturning", "source", "landingStep", "key", "sessions", "purchases", "orders", "revenue");
