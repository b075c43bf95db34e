-- CreateTable
CREATE TABLE "ShopifySession" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" TIMESTAMP(3),
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,

    CONSTRAINT "ShopifySession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Shop" (
    "id" SERIAL NOT NULL,
    "domain" TEXT NOT NULL,
    "shopKey" TEXT NOT NULL,
    "salt" TEXT NOT NULL,
    "installedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" TIMESTAMP(3),
    "pixelId" TEXT,
    "sessionGapMinutes" INTEGER NOT NULL DEFAULT 30,
    "retentionDays" INTEGER NOT NULL DEFAULT 365,
    "holdoutPercent" INTEGER NOT NULL DEFAULT 10,
    "merchandising" TEXT NOT NULL DEFAULT '{}',
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "sessionizedThrough" BIGINT NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Shop_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Event" (
    "id" BIGSERIAL NOT NULL,
    "shopId" INTEGER NOT NULL,
    "eventId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "ts" TIMESTAMP(3) NOT NULL,
    "clientHash" TEXT NOT NULL,
    "device" TEXT NOT NULL DEFAULT 'other',
    "path" TEXT,
    "refHost" TEXT,
    "utmSource" TEXT,
    "utmMedium" TEXT,
    "utmCampaign" TEXT,
    "productId" TEXT,
    "variantId" TEXT,
    "collectionId" TEXT,
    "price" DOUBLE PRECISION,
    "qty" INTEGER,
    "query" TEXT,
    "results" INTEGER,
    "checkoutToken" TEXT,
    "orderId" TEXT,
    "total" DOUBLE PRECISION,
    "lines" TEXT,
    "placement" TEXT,
    "items" TEXT,
    "strategy" TEXT,
    "step" TEXT,
    "journeyId" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Journey" (
    "id" TEXT NOT NULL,
    "shopId" INTEGER NOT NULL,
    "clientHash" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3) NOT NULL,
    "eventCount" INTEGER NOT NULL DEFAULT 0,
    "device" TEXT NOT NULL DEFAULT 'other',
    "source" TEXT NOT NULL DEFAULT 'direct',
    "refHost" TEXT,
    "utmCampaign" TEXT,
    "landingStep" TEXT NOT NULL DEFAULT 'other',
    "landingPath" TEXT,
    "isReturning" BOOLEAN NOT NULL DEFAULT false,
    "purchased" BOOLEAN NOT NULL DEFAULT false,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "revenue" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "steps" TEXT NOT NULL DEFAULT '',
    "runs" TEXT NOT NULL DEFAULT '[]',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Journey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Product" (
    "shopId" INTEGER NOT NULL,
    "productId" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "productType" TEXT NOT NULL DEFAULT '',
    "vendor" TEXT NOT NULL DEFAULT '',
    "tags" TEXT NOT NULL DEFAULT '',
    "price" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "available" BOOLEAN NOT NULL DEFAULT true,
    "status" TEXT NOT NULL DEFAULT 'ACTIVE',
    "isGiftCard" BOOLEAN NOT NULL DEFAULT false,
    "imageUrl" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Product_pkey" PRIMARY KEY ("shopId","productId")
);

-- CreateTable
CREATE TABLE "ModelVersion" (
    "id" SERIAL NOT NULL,
    "shopId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'training',
    "metrics" TEXT NOT NULL DEFAULT '{}',
    "baseline" TEXT NOT NULL DEFAULT '{}',
    "note" TEXT NOT NULL DEFAULT '',
    "artifact" BYTEA,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activatedAt" TIMESTAMP(3),

    CONSTRAINT "ModelVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Job" (
    "id" SERIAL NOT NULL,
    "shopId" INTEGER,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "message" TEXT NOT NULL DEFAULT '',
    "payload" TEXT NOT NULL DEFAULT '{}',
    "result" TEXT NOT NULL DEFAULT '{}',
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

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
CREATE INDEX "ShopifySession_shop_idx" ON "ShopifySession"("shop");

-- CreateIndex
CREATE UNIQUE INDEX "Shop_domain_key" ON "Shop"("domain");

-- CreateIndex
CREATE UNIQUE INDEX "Shop_shopKey_key" ON "Shop"("shopKey");

-- CreateIndex
CREATE INDEX "Event_shopId_clientHash_ts_idx" ON "Event"("shopId", "clientHash", "ts");

-- CreateIndex
CREATE INDEX "Event_shopId_ts_idx" ON "Event"("shopId", "ts");

-- CreateIndex
CREATE INDEX "Event_shopId_journeyId_idx" ON "Event"("shopId", "journeyId");

-- CreateIndex
CREATE UNIQUE INDEX "Event_shopId_eventId_key" ON "Event"("shopId", "eventId");

-- CreateIndex
CREATE INDEX "Journey_shopId_startedAt_idx" ON "Journey"("shopId", "startedAt");

-- CreateIndex
CREATE INDEX "Journey_shopId_clientHash_endedAt_idx" ON "Journey"("shopId", "clientHash", "endedAt");

-- CreateIndex
CREATE INDEX "ModelVersion_shopId_status_idx" ON "ModelVersion"("shopId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "ModelVersion_shopId_version_key" ON "ModelVersion"("shopId", "version");

-- CreateIndex
CREATE INDEX "Job_shopId_type_status_idx" ON "Job"("shopId", "type", "status");

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

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Journey" ADD CONSTRAINT "Journey_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Product" ADD CONSTRAINT "Product_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelVersion" ADD CONSTRAINT "ModelVersion_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Job" ADD CONSTRAINT "Job_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;
