-- AlterTable
ALTER TABLE "PqrsdCase" ADD COLUMN "referredAt" DATETIME;
ALTER TABLE "PqrsdCase" ADD COLUMN "referredTo" TEXT;
