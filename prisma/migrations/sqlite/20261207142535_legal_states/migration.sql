-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Consent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "entityId" TEXT NOT NULL,
    "contactId" TEXT,
    "conversationId" TEXT,
    "channel" TEXT NOT NULL,
    "policyVersion" TEXT NOT NULL,
    "noticeSha256" TEXT,
    "decision" TEXT NOT NULL DEFAULT 'aceptado',
    "acceptedAt" DATETIME NOT NULL,
    CONSTRAINT "Consent_entityId_fkey" FOREIGN KEY ("entityId") REFERENCES "Entity" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Consent" ("acceptedAt", "channel", "contactId", "conversationId", "entityId", "id", "noticeSha256", "policyVersion") SELECT "acceptedAt", "channel", "contactId", "conversationId", "entityId", "id", "noticeSha256", "policyVersion" FROM "Consent";
DROP TABLE "Consent";
ALTER TABLE "new_Consent" RENAME TO "Consent";
CREATE INDEX "Consent_conversationId_acceptedAt_idx" ON "Consent"("conversationId", "acceptedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
