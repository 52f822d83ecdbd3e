-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN "lockedBy" TEXT;
ALTER TABLE "Conversation" ADD COLUMN "lockedUntil" DATETIME;
