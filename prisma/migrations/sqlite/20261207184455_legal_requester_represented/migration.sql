-- AlterTable
ALTER TABLE "CaseRequester" ADD COLUMN "representedDocumentNumber" TEXT;
ALTER TABLE "CaseRequester" ADD COLUMN "representedDocumentType" TEXT;
ALTER TABLE "CaseRequester" ADD COLUMN "representedName" TEXT;
