-- AlterTable
ALTER TABLE "Entity" ADD COLUMN "folder" TEXT;
