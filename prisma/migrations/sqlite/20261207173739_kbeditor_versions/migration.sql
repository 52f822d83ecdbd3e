-- AlterTable
ALTER TABLE "KnowledgeEntry" ADD COLUMN "retiredAt" DATETIME;

-- CreateTable
CREATE TABLE "KnowledgeVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "entityId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "staffId" TEXT,
    "actorName" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entryKey" TEXT,
    "summary" TEXT NOT NULL,
    "snapshot" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "KnowledgeVersion_entityId_number_key" ON "KnowledgeVersion"("entityId", "number");
