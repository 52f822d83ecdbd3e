-- CreateTable
CREATE TABLE "PopulationProfile" (
    "id" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "caseId" TEXT,
    "conversationId" TEXT,
    "disability" TEXT,
    "ethnicGroup" TEXT,
    "armedConflictVictim" TEXT,
    "ageGroup" TEXT,
    "sex" TEXT,
    "genderIdentity" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PopulationProfile_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PopulationProfile_caseId_key" ON "PopulationProfile"("caseId");

-- CreateIndex
CREATE UNIQUE INDEX "PopulationProfile_conversationId_key" ON "PopulationProfile"("conversationId");

-- CreateIndex
CREATE INDEX "PopulationProfile_entityId_idx" ON "PopulationProfile"("entityId");

-- AddForeignKey
ALTER TABLE "PopulationProfile" ADD CONSTRAINT "PopulationProfile_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "PqrsdCase"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PopulationProfile" ADD CONSTRAINT "PopulationProfile_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
