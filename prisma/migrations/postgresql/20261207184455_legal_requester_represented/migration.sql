-- AlterTable
ALTER TABLE "CaseRequester" ADD COLUMN     "representedDocumentNumber" TEXT,
ADD COLUMN     "representedDocumentType" TEXT,
ADD COLUMN     "representedName" TEXT;
