-- CreateTable
CREATE TABLE "PopulationProfile" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "entityId" TEXT NOT NULL,
    "caseId" TEXT,
    "conversationId" TEXT,
    "disability" TEXT,
    "ethnicGroup" TEXT,
    "armedConflictVictim" TEXT,
    "ageGroup" TEXT,
    "sex" TEXT,
    "genderIdentity" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PopulationProfile_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "PqrsdCase" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PopulationProfile_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "PopulationProfile_caseId_key" ON "PopulationProfile"("caseId");

-- CreateIndex
CREATE UNIQUE INDEX "PopulationProfile_conversationId_key" ON "PopulationProfile"("conversationId");

-- CreateIndex
CREATE INDEX "PopulationProfile_entityId_idx" ON "PopulationProfile"("entityId");
