-- CreateTable
CREATE TABLE "ProductReview" (
    "shopId" INTEGER NOT NULL,
    "productId" TEXT NOT NULL,
    "rating" REAL,
    "ratingMax" REAL,
    "ratingCount" INTEGER,
    "texts" TEXT NOT NULL DEFAULT '[]',
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shopId", "productId"),
    CONSTRAINT "ProductReview_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
