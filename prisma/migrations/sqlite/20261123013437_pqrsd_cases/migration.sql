-- CreateTable
CREATE TABLE "RadicadoCounter" (
    "entityId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL,

    PRIMARY KEY ("entityId", "year")
);

-- CreateTable
CREATE TABLE "PqrsdCase" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "entityId" TEXT NOT NULL,
    "radicado" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "sequence" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "replyChannel" TEXT NOT NULL,
    "requesterKind" TEXT NOT NULL,
    "identityReserved" BOOLEAN NOT NULL DEFAULT false,
    "subject" TEXT,
    "description" TEXT NOT NULL,
    "attachments" JSONB,
    "barrio" TEXT,
    "comuna" TEXT,
    "corregimiento" TEXT,
    "dependency" TEXT,
    "receivedAt" DATETIME NOT NULL,
    "dueDate" TEXT NOT NULL,
    "clock" JSONB NOT NULL,
    "answer" TEXT,
    "answeredAt" DATETIME,
    "answerPublished" BOOLEAN NOT NULL DEFAULT false,
    "informationDenied" BOOLEAN NOT NULL DEFAULT false,
    "closedAt" DATETIME,
    "conversationId" TEXT,
    "contactId" TEXT,
    "consentId" TEXT,
    "lookupCodeHash" TEXT,
    "idempotencyKey" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PqrsdCase_entityId_fkey" FOREIGN KEY ("entityId") REFERENCES "Entity" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CaseRequester" (
    "caseId" TEXT NOT NULL PRIMARY KEY,
    "entityId" TEXT NOT NULL,
    "name" TEXT,
    "documentType" TEXT,
    "documentNumber" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "address" TEXT,
    CONSTRAINT "CaseRequester_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "PqrsdCase" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CaseEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "entityId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorKind" TEXT NOT NULL,
    "actorId" TEXT,
    "actorName" TEXT,
    "kind" TEXT NOT NULL,
    "data" JSONB,
    CONSTRAINT "CaseEvent_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "PqrsdCase" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Consent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "entityId" TEXT NOT NULL,
    "contactId" TEXT,
    "conversationId" TEXT,
    "channel" TEXT NOT NULL,
    "policyVersion" TEXT NOT NULL,
    "noticeSha256" TEXT,
    "acceptedAt" DATETIME NOT NULL,
    CONSTRAINT "Consent_entityId_fkey" FOREIGN KEY ("entityId") REFERENCES "Entity" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StaffMember" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "entityId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "roles" JSONB NOT NULL,
    "dependency" TEXT,
    "tokenHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "disabledAt" DATETIME,
    CONSTRAINT "StaffMember_entityId_fkey" FOREIGN KEY ("entityId") REFERENCES "Entity" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LookupThrottle" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "entityId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "windowStartedAt" DATETIME NOT NULL,
    "blockedUntil" DATETIME
);

-- CreateIndex
CREATE INDEX "PqrsdCase_entityId_status_dueDate_idx" ON "PqrsdCase"("entityId", "status", "dueDate");

-- CreateIndex
CREATE INDEX "PqrsdCase_entityId_receivedAt_idx" ON "PqrsdCase"("entityId", "receivedAt");

-- CreateIndex
CREATE INDEX "PqrsdCase_entityId_dependency_idx" ON "PqrsdCase"("entityId", "dependency");

-- CreateIndex
CREATE UNIQUE INDEX "PqrsdCase_entityId_radicado_key" ON "PqrsdCase"("entityId", "radicado");

-- CreateIndex
CREATE UNIQUE INDEX "PqrsdCase_entityId_year_sequence_key" ON "PqrsdCase"("entityId", "year", "sequence");

-- CreateIndex
CREATE UNIQUE INDEX "PqrsdCase_entityId_idempotencyKey_key" ON "PqrsdCase"("entityId", "idempotencyKey");

-- CreateIndex
CREATE INDEX "CaseEvent_caseId_at_idx" ON "CaseEvent"("caseId", "at");

-- CreateIndex
CREATE INDEX "CaseEvent_entityId_kind_at_idx" ON "CaseEvent"("entityId", "kind", "at");

-- CreateIndex
CREATE INDEX "Consent_conversationId_acceptedAt_idx" ON "Consent"("conversationId", "acceptedAt");

-- CreateIndex
CREATE UNIQUE INDEX "StaffMember_tokenHash_key" ON "StaffMember"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "StaffMember_entityId_email_key" ON "StaffMember"("entityId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "LookupThrottle_entityId_key_key" ON "LookupThrottle"("entityId", "key");
