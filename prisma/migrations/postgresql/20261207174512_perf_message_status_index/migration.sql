-- CreateIndex
CREATE INDEX "Message_conversationId_direction_status_createdAt_idx" ON "Message"("conversationId", "direction", "status", "createdAt");
