-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Shop" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "domain" TEXT NOT NULL,
    "shopKey" TEXT NOT NULL,
    "salt" TEXT NOT NULL,
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" DATETIME,
    "pixelId" TEXT,
    "setupStartedAt" DATETIME,
    "needsReauthAt" DATETIME,
    "reauthReason" TEXT,
    "sessionGapMinutes" INTEGER NOT NULL DEFAULT 30,
    "retentionDays" INTEGER NOT NULL DEFAULT 365,
    "holdoutPercent" INTEGER NOT NULL DEFAULT 10,
    "embedSeenAt" DATETIME,
    "merchandising" TEXT NOT NULL DEFAULT '{}',
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "sessionizedThrough" BIGINT NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Shop" ("createdAt", "currency", "domain", "embedSeenAt", "holdoutPercent", "id", "installedAt", "merchandising", "needsReauthAt", "pixelId", "reauthReason", "retentionDays", "salt", "sessionGapMinutes", "sessionizedThrough", "setupStartedAt", "shopKey", "uninstalledAt", "updatedAt") SELECT "createdAt", "currency", "domain", "embedSeenAt", "holdoutPercent", "id", "installedAt", "merchandising", "needsReauthAt", "pixelId", "reauthReason", "retentionDays", "salt", "sessionGapMinutes", "sessionizedThrough", "setupStartedAt", "shopKey", "uninstalledAt", "updatedAt" FROM "Shop";
DROP TABLE "Shop";
ALTER TABLE "new_Shop" RENAME TO "Shop";
CREATE UNIQUE INDEX "Shop_domain_key" ON "Shop"("domain");
CREATE UNIQUE INDEX "Shop_shopKey_key" ON "Shop"("shopKey");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
