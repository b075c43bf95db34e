-- CreateTable
CREATE TABLE "AnalyticsPathDaily" (
    "id" SERIAL NOT NULL,
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
    "revenue" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "AnalyticsPathDaily_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnalyticsTimingDaily" (
    "id" SERIAL NOT NULL,
    "shopId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "segment" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "sumMs" DOUBLE PRECISION NOT NULL,
    "histogram" TEXT NOT NULL,

    CONSTRAINT "AnalyticsTimingDaily_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnalyticsItemFlowDaily" (
    "id" SERIAL NOT NULL,
    "shopId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "anchor" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "fromNode" TEXT NOT NULL,
    "toNode" TEXT NOT NULL,
    "sessions" INTEGER NOT NULL,
    "purchases" INTEGER NOT NULL,

    CONSTRAINT "AnalyticsItemFlowDaily_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnalyticsItemDaily" (
    "id" SERIAL NOT NULL,
    "shopId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "handle" TEXT,
    "views" INTEGER NOT NULL,
    "carts" INTEGER NOT NULL,
    "purchases" INTEGER NOT NULL,

    CONSTRAINT "AnalyticsItemDaily_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnalyticsSearchDaily" (
    "id" SERIAL NOT NULL,
    "shopId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "searches" INTEGER NOT NULL,
    "zeroResults" INTEGER NOT NULL,
    "clicked" INTEGER NOT NULL,
    "sessions" INTEGER NOT NULL,
    "purchases" INTEGER NOT NULL,

    CONSTRAINT "AnalyticsSearchDaily_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnalyticsRollupState" (
    "shopId" INTEGER NOT NULL,
    "journeysSince" TIMESTAMP(3) NOT NULL,
    "rolledUpAt" TIMESTAMP(3) NOT NULL,
    "daysRebuilt" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "AnalyticsRollupState_pkey" PRIMARY KEY ("shopId")
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
