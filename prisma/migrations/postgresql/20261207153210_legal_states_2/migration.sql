-- AlterTable
ALTER TABLE "Consent" ADD COLUMN     "revokedAt" TIMESTAMP(3),
ADD COLUMN     "revokedVia" TEXT;

-- CreateIndex
CREATE INDEX "Consent_contactId_idx" ON "Consent"("contactId");
