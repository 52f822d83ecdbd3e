-- CreateTable
CREATE TABLE "SurveyRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "entityId" TEXT NOT NULL,
    "surveyId" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
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

-- CreateTable
CREATE TABLE "SurveyAnswer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "entityId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "score" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SurveyAnswer_runId_fkey" FOREIGN KEY ("runId") REFERENCES "SurveyRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "SurveyRun_entityId_sentAt_idx" ON "SurveyRun"("entityId", "sentAt");

-- CreateIndex
CREATE INDEX "SurveyRun_contactId_sentAt_idx" ON "SurveyRun"("contactId", "sentAt");

-- CreateIndex
CREATE INDEX "SurveyRun_conversationId_idx" ON "SurveyRun"("conversationId");

-- CreateIndex
CREATE INDEX "SurveyAnswer_entityId_questionId_idx" ON "SurveyAnswer"("entityId", "questionId");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyAnswer_runId_questionId_key" ON "SurveyAnswer"("runId", "questionId");
