-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "needsReauthAt" DATETIME;
ALTER TABLE "Shop" ADD COLUMN "reauthReason" TEXT;
ALTER TABLE "Shop" ADD COLUMN "setupStartedAt" DATETIME;

-- AlterTable
ALTER TABLE "ShopifySession" ADD COLUMN "refreshLockOwner" TEXT;
ALTER TABLE "ShopifySession" ADD COLUMN "refreshLockedUntil" DATETIME;
ALTER TABLE "ShopifySession" ADD COLUMN "refreshToken" TEXT;
ALTER TABLE "ShopifySession" ADD COLUMN "refreshTokenExpires" DATETIME;

-- Shops installed before this migration already ran their install work.
UPDATE "Shop" SET "setupStartedAt" = "installedAt" WHERE "uninstalledAt" IS NULL;
