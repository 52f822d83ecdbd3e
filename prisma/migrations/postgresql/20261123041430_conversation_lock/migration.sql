-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "lockedBy" TEXT,
ADD COLUMN     "lockedUntil" TIMESTAMP(3);
