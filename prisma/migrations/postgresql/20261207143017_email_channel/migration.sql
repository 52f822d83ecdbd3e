-- CreateTable
CREATE TABLE "EmailCursor" (
    "id" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "mailbox" TEXT NOT NULL,
    "uidValidity" TEXT NOT NULL,
    "lastUid" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EmailCursor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmailHeader" (
    "id" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "references" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EmailHeader_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "EmailCursor_entityId_mailbox_key" ON "EmailCursor"("entityId", "mailbox");

-- CreateIndex
CREATE UNIQUE INDEX "EmailHeader_entityId_messageId_key" ON "EmailHeader"("entityId", "messageId");
