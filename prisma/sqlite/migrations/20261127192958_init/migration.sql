-- CreateTable
CREATE TABLE "ShopifySession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" DATETIME,
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT
);

-- CreateTable
CREATE TABLE "Shop" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "domain" TEXT NOT NULL,
    "shopKey" TEXT NOT NULL,
    "salt" TEXT NOT NULL,
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" DATETIME,
    "pixelId" TEXT,
    "sessionGapMinutes" INTEGER NOT NULL DEFAULT 30,
    "retentionDays" INTEGER NOT NULL DEFAULT 365,
    "holdoutPercent" INTEGER NOT NULL DEFAULT 10,
    "merchandising" TEXT NOT NULL DEFAULT '{}',
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "sessionizedThrough" BIGINT NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Event" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopId" INTEGER NOT NULL,
    "eventId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "ts" DATETIME NOT NULL,
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
    "price" REAL,
    "qty" INTEGER,
    "query" TEXT,
    "results" INTEGER,
    "checkoutToken" TEXT,
    "orderId" TEXT,
    "total" REAL,
    "lines" TEXT,
    "placement" TEXT,
    "items" TEXT,
    "strategy" TEXT,
    "step" TEXT,
    "journeyId" TEXT,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Event_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Journey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" INTEGER NOT NULL,
    "clientHash" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "endedAt" DATETIME NOT NULL,
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
    "revenue" REAL NOT NULL DEFAULT 0,
    "steps" TEXT NOT NULL DEFAULT '',
    "runs" TEXT NOT NULL DEFAULT '[]',
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Journey_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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
    "price" REAL NOT NULL DEFAULT 0,
    "available" BOOLEAN NOT NULL DEFAULT true,
    "status" TEXT NOT NULL DEFAULT 'ACTIVE',
    "isGiftCard" BOOLEAN NOT NULL DEFAULT false,
    "imageUrl" TEXT,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shopId", "productId"),
    CONSTRAINT "Product_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ModelVersion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'training',
    "metrics" TEXT NOT NULL DEFAULT '{}',
    "baseline" TEXT NOT NULL DEFAULT '{}',
    "note" TEXT NOT NULL DEFAULT '',
    "artifact" BLOB,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activatedAt" DATETIME,
    CONSTRAINT "ModelVersion_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Job" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopId" INTEGER,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "progress" REAL NOT NULL DEFAULT 0,
    "message" TEXT NOT NULL DEFAULT '',
    "payload" TEXT NOT NULL DEFAULT '{}',
    "result" TEXT NOT NULL DEFAULT '{}',
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    CONSTRAINT "Job_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

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
