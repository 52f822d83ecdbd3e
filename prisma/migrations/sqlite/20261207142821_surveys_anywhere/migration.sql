-- CreateTable
CREATE TABLE "ServiceContact" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "entityId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "office" TEXT,
    "staffId" TEXT,
    "topic" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_SurveyRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "entityId" TEXT NOT NULL,
    "surveyId" TEXT NOT NULL,
    "contactId" TEXT,
    "channel" TEXT NOT NULL,
    "office" TEXT,
    "conversationId" TEXT,
    "trigger" TEXT NOT NULL,
    "handoffId" TEXT,
    "agentId" TEXT,
    "caseId" TEXT,
    "status" TEXT NOT NULL,
    "sentAt" DATETIME NOT NULL,
    "remindedAt" DATETIME,
    "finishedAt" DATETIME
);
INSERT INTO "new_SurveyRun" ("agentId", "caseId", "channel", "contactId", "conversationId", "entityId", "finishedAt", "handoffId", "id", "remindedAt", "sentAt", "status", "surveyId", "trigger") SELECT "agentId", "caseId", "channel", "contactId", "conversationId", "entityId", "finishedAt", "handoffId", "id", "remindedAt", "sentAt", "status", "surveyId", "trigger" FROM "SurveyRun";
DROP TABLE "SurveyRun";
ALTER TABLE "new_SurveyRun" RENAME TO "SurveyRun";
CREATE INDEX "SurveyRun_entityId_sentAt_idx" ON "SurveyRun"("entityId", "sentAt");
CREATE INDEX "SurveyRun_contactId_sentAt_idx" ON "SurveyRun"("contactId", "sentAt");
CREATE INDEX "SurveyRun_conversationId_idx" ON "SurveyRun"("conversationId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ServiceContact_entityId_at_idx" ON "ServiceContact"("entityId", "at");
