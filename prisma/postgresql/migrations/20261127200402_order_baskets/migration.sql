-- CreateTable
CREATE TABLE "OrderBasket" (
    "shopId" INTEGER NOT NULL,
    "orderId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "productIds" TEXT NOT NULL,

    CONSTRAINT "OrderBasket_pkey" PRIMARY KEY ("shopId","orderId")
);

-- CreateIndex
CREATE INDEX "OrderBasket_shopId_createdAt_idx" ON "OrderBasket"("shopId", "createdAt");
