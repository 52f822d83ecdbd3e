-- AlterTable
ALTER TABLE "Consent" ADD COLUMN     "decision" TEXT NOT NULL DEFAULT 'aceptado';
