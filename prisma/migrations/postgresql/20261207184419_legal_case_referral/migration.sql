-- AlterTable
ALTER TABLE "PqrsdCase" ADD COLUMN     "referredAt" TIMESTAMP(3),
ADD COLUMN     "referredTo" TEXT;
