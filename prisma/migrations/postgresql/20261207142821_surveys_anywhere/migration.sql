-- AlterTable
ALTER TABLE "SurveyRun" ADD COLUMN     "office" TEXT,
ALTER COLUMN "contactId" DROP NOT NULL;

-- CreateTable
CREATE TABLE "ServiceContact" (
    "id" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "office" TEXT,
    "staffId" TEXT,
    "topic" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ServiceContact_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ServiceContact_entityId_at_idx" ON "ServiceContact"("entityId", "at");
