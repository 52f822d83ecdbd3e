-- CreateTable
CREATE TABLE "SurveyRun" (
    "id" TEXT NOT NULL,
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
    "sentAt" TIMESTAMP(3) NOT NULL,
    "remindedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "SurveyRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SurveyAnswer" (
    "id" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "score" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SurveyAnswer_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "SurveyAnswer" ADD CONSTRAINT "SurveyAnswer_runId_fkey" FOREIGN KEY ("runId") REFERENCES "SurveyRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;
