-- AlterTable
ALTER TABLE "Consent" ADD COLUMN "revokedAt" DATETIME;
ALTER TABLE "Consent" ADD COLUMN "revokedVia" TEXT;

-- CreateIndex
CREATE INDEX "Consent_contactId_idx" ON "Consent"("contactId");
