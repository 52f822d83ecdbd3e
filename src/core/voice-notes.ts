import type { Logger } from 'pino';
import type { Db, Tx } from '../db/database.js';
import type { Attachment, InboundMessage, OutboundMessageInput } from '../lib/messages.js';
import { openOffer } from './open-offer.js';
import { StoredFiles, storedFileIdOf } from '../uploads/stored-files.js';
import { type Transcriber, TranscriptionError } from '../transcription/transcriber.js';
import { heardMessage, unheardMessage } from '../transcription/voice-texts.js';

/** The inbound row's payload column, as the turn pipeline stores it. */
export interface InboundPayload {
  payload?: string | null;
  attachments?: InboundMessage['attachments'];
  start?: boolean;
  /** Set once a voice note was handled: its transcript is the row's text, or the citizen was asked to write. */
  voice?: 'transcribed' | 'unheard';
}

export interface VoiceNotesDeps {
  prisma: Db;
  logger: Logger;
  /** Absent: no speech-to-text service is configured. */
  transcriber?: Transcriber;
  now(): Date;
}

/**
 * Prepares replies for the conversation's channel; the returned writer queues them in the conversation's order
 * inside a transaction (the engine's outbox writer). Rendering reads the database, so it happens before.
 */
export type PrepareReplies = (messages: OutboundMessageInput[]) => Promise<(tx: Tx) => Promise<unknown>>;

export type VoiceOutcome =
  /** The transcript, now the message's text: the turn goes on with it. */
  | { type: 'text'; text: string }
  /** The citizen was asked to write; the message is processed and the pending question untouched. */
  | { type: 'answered' }
  /** Nothing was done: a person holds the conversation and listens to the audio. */
  | { type: 'as-is' };

/** A message that is only audio: no words, no button, and a voice note or audio file attached. */
export function isVoiceOnly(text: string | null, payload: InboundPayload): boolean {
  if ((text ?? '').trim() !== '' || payload.payload || payload.start || payload.voice) return false;
  return (payload.attachments ?? []).some((a) => a.kind === 'audio');
}

/**
 * Voice notes in the turn pipeline. With a speech-to-text service, the kept audio is transcribed, the citizen sees
 * what was understood, and the transcript is stored as the message's text and handled as if typed. Without one, or
 * when it fails or is slow, the citizen is asked kindly to write (or offered an agent) and the question they were
 * asked stays pending: the flow never sees the message, so there is no "No le entendí". In a conversation a person
 * holds, the person gets the audio, with the transcript when there is one, and the bot says nothing.
 */
export class VoiceNotes {
  private readonly files: StoredFiles;

  constructor(private readonly deps: VoiceNotesDeps) {
    this.files = new StoredFiles(deps.prisma);
  }

  async hear(
    conversation: { id: string; entityId: string },
    inbound: { id: string; createdAt: Date; payload: InboundPayload },
    held: boolean,
    replies: PrepareReplies,
  ): Promise<VoiceOutcome> {
    const { prisma } = this.deps;
    const heard = await this.transcribe(conversation, inbound.payload.attachments ?? []);
    const now = this.deps.now();
    if (heard.type === 'text') {
      const echo = await replies(held ? [] : [heardMessage(heard.text)]);
      await prisma.$transaction(async (tx) => {
        await echo(tx);
        // The transcript is the message's text from now on: history and the console show it, and a turn run again
        // after a crash reads it instead of transcribing (and echoing) twice.
        await tx.message.update({
          where: { id: inbound.id },
          data: { text: heard.text, payload: { ...inbound.payload, voice: 'transcribed' } as object },
        });
      });
      return heard;
    }
    if (held) return { type: 'as-is' };
    const pending = await openOffer(prisma, conversation.id, inbound.createdAt);
    const notice = await replies([unheardMessage(heard.reason, pending?.options ?? [])]);
    await prisma.$transaction(async (tx) => {
      await notice(tx);
      await tx.message.update({
        where: { id: inbound.id },
        data: { status: 'processed', processedAt: now, payload: { ...inbound.payload, voice: 'unheard' } as object },
      });
    });
    return { type: 'answered' };
  }

  private async transcribe(
    conversation: { id: string; entityId: string },
    attachments: Attachment[],
  ): Promise<{ type: 'text'; text: string } | { type: 'unheard'; reason: 'no-service' | 'failed' }> {
    const { transcriber, logger } = this.deps;
    if (!transcriber) return { type: 'unheard', reason: 'no-service' };
    const audio = attachments.find((a) => a.kind === 'audio' && storedFileIdOf(a.ref) !== null);
    const file = audio ? await this.files.read(conversation.entityId, storedFileIdOf(audio.ref)!) : null;
    if (!file) {
      // Too large to keep, or a type not kept: only the platform has it.
      logger.info({ conversationId: conversation.id, reason: 'not-kept' }, 'voice note not transcribed');
      return { type: 'unheard', reason: 'failed' };
    }
    const started = Date.now();
    try {
      const text = await transcriber.transcribe({ data: file.data, mimeType: file.mimeType, fileName: file.fileName });
      // Never the words themselves: what a citizen says is personal data.
      logger.info(
        { conversationId: conversation.id, ms: Date.now() - started, characters: text.length },
        'voice note transcribed',
      );
      return text === '' ? { type: 'unheard', reason: 'failed' } : { type: 'text', text: text.slice(0, 8192) };
    } catch (error) {
      // Our own errors name the kind of failure only; anything else is reduced to its name.
      const failure = error instanceof TranscriptionError ? error.message : (error as Error).name;
      logger.warn(
        { conversationId: conversation.id, ms: Date.now() - started, error: failure },
        'voice note not transcribed',
      );
      return { type: 'unheard', reason: 'failed' };
    }
  }
}
