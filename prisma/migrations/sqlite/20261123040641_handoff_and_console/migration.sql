-- AlterTable
ALTER TABLE "Message" ADD COLUMN "staffId" TEXT;

-- CreateTable
CREATE TABLE "ConsoleSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "entityId" TEXT NOT NULL,
    "staffId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    CONSTRAINT "ConsoleSession_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "StaffMember" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Handoff" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "entityId" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "area" TEXT NOT NULL,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "agentId" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "queuedAt" DATETIME NOT NULL,
    "assignedAt" DATETIME,
    "firstReplyAt" DATETIME,
    "lastCitizenAt" DATETIME,
    "lastAgentAt" DATETIME,
    "closedAt" DATETIME,
    "closeReason" TEXT,
    CONSTRAINT "Handoff_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "StaffMember" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ConversationNote" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "entityId" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "staffId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_StaffMember" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "entityId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "roles" JSONB NOT NULL,
    "dependency" TEXT,
    "tokenHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "disabledAt" DATETIME,
    "passwordHash" TEXT,
    "failedLogins" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" DATETIME,
    "presence" TEXT NOT NULL DEFAULT 'offline',
    "presenceAt" DATETIME,
    "maxConversations" INTEGER NOT NULL DEFAULT 3,
    "areas" JSONB,
    CONSTRAINT "StaffMember_entityId_fkey" FOREIGN KEY ("entityId") REFERENCES "Entity" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_StaffMember" ("createdAt", "dependency", "disabledAt", "email", "entityId", "id", "name", "roles", "tokenHash") SELECT "createdAt", "dependency", "disabledAt", "email", "entityId", "id", "name", "roles", "tokenHash" FROM "StaffMember";
DROP TABLE "StaffMember";
ALTER TABLE "new_StaffMember" RENAME TO "StaffMember";
CREATE UNIQUE INDEX "StaffMember_tokenHash_key" ON "StaffMember"("tokenHash");
CREATE UNIQUE INDEX "StaffMember_entityId_email_key" ON "StaffMember"("entityId", "email");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "ConsoleSession_tokenHash_key" ON "ConsoleSession"("tokenHash");

-- CreateIndex
CREATE INDEX "ConsoleSession_staffId_idx" ON "ConsoleSession"("staffId");

-- CreateIndex
CREATE INDEX "Handoff_entityId_status_area_priority_queuedAt_idx" ON "Handoff"("entityId", "status", "area", "priority", "queuedAt");

-- CreateIndex
CREATE INDEX "Handoff_conversationId_idx" ON "Handoff"("conversationId");

-- CreateIndex
CREATE INDEX "Handoff_agentId_status_idx" ON "Handoff"("agentId", "status");

-- CreateIndex
CREATE INDEX "ConversationNote_conversationId_createdAt_idx" ON "ConversationNote"("conversationId", "createdAt");
