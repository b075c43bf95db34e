-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "needsReauthAt" TIMESTAMP(3),
ADD COLUMN     "reauthReason" TEXT,
ADD COLUMN     "setupStartedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "ShopifySession" ADD COLUMN     "refreshLockOwner" TEXT,
ADD COLUMN     "refreshLockedUntil" TIMESTAMP(3),
ADD COLUMN     "refreshToken" TEXT,
ADD COLUMN     "refreshTokenExpires" TIMESTAMP(3);

-- Shops installed before this migration already ran their install work.
UPDATE "Shop" SET "setupStartedAt" = "installedAt" WHERE "uninstalledAt" IS NULL;
