-- CreateTable
CREATE TABLE "AnalyticsPathDaily" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "device" TEXT NOT NULL,
    "isReturning" BOOLEAN NOT NULL,
    "source" TEXT NOT NULL,
    "landingStep" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "sessions" INTEGER NOT NULL,
    "purchases" INTEGER NOT NULL,
    "orders" INTEGER NOT NULL,
    "revenue" REAL NOT NULL
);

-- CreateTable
CREATE TABLE "AnalyticsTimingDaily" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "segment" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "sumMs" REAL NOT NULL,
    "histogram" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "AnalyticsItemFlowDaily" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "anchor" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "fromNode" TEXT NOT NULL,
    "toNode" TEXT NOT NULL,
    "sessions" INTEGER NOT NULL,
    "purchases" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "AnalyticsItemDaily" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "handle" TEXT,
    "views" INTEGER NOT NULL,
    "carts" INTEGER NOT NULL,
    "purchases" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "AnalyticsSearchDaily" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "searches" INTEGER NOT NULL,
    "zeroResults" INTEGER NOT NULL,
    "clicked" INTEGER NOT NULL,
    "sessions" INTEGER NOT NULL,
    "purchases" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "AnalyticsRollupState" (
    "shopId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "journeysSince" DATETIME NOT NULL,
    "rolledUpAt" DATETIME NOT NULL,
    "daysRebuilt" INTEGER NOT NULL DEFAULT 0
);

-- CreateIndex
CREATE INDEX "AnalyticsPathDaily_shopId_kind_day_idx" ON "AnalyticsPathDaily"("shopId", "kind", "day");

-- CreateIndex
CREATE INDEX "AnalyticsPathDaily_shopId_day_idx" ON "AnalyticsPathDaily"("shopId", "day");

-- CreateIndex
CREATE INDEX "AnalyticsTimingDaily_shopId_segment_metric_day_idx" ON "AnalyticsTimingDaily"("shopId", "segment", "metric", "day");

-- CreateIndex
CREATE INDEX "AnalyticsTimingDaily_shopId_day_idx" ON "AnalyticsTimingDaily"("shopId", "day");

-- CreateIndex
CREATE INDEX "AnalyticsItemFlowDaily_shopId_anchor_day_idx" ON "AnalyticsItemFlowDaily"("shopId", "anchor", "day");

-- CreateIndex
CREATE INDEX "AnalyticsItemFlowDaily_shopId_day_idx" ON "AnalyticsItemFlowDaily"("shopId", "day");

-- CreateIndex
CREATE INDEX "AnalyticsItemDaily_shopId_day_idx" ON "AnalyticsItemDaily"("shopId", "day");

-- CreateIndex
CREATE INDEX "AnalyticsSearchDaily_shopId_day_idx" ON "AnalyticsSearchDaily"("shopId", "day");
