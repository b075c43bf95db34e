-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "embedSeenAt" DATETIME;
