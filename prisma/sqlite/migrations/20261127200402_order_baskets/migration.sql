-- CreateTable
CREATE TABLE "OrderBasket" (
    "shopId" INTEGER NOT NULL,
    "orderId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "productIds" TEXT NOT NULL,

    PRIMARY KEY ("shopId", "orderId")
);

-- CreateIndex
CREATE INDEX "OrderBasket_shopId_createdAt_idx" ON "OrderBasket"("shopId", "createdAt");
