-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "embedSeenAt" TIMESTAMP(3);
