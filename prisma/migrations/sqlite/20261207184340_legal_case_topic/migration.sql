-- AlterTable
ALTER TABLE "PqrsdCase" ADD COLUMN "topic" TEXT;
