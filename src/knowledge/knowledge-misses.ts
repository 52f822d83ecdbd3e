import type { Logger } from 'pino';
import type { Db } from '../db/database.js';
import { isUniqueViolation } from '../lib/errors/unique-violation.js';
import type { MissReason, MissRecord } from './knowledge-types.js';
import { normalizeText } from './normalize.js';

/** Longest normalised text kept as the grouping key of a miss (and longest sample). */
const MAX_MISS_KEY = 500;
const MAX_MISS_SAMPLE = 2000;

/** The key a question is grouped under in the misses list. */
export function missKeyOf(question: string): string {
  return normalizeText(question).slice(0, MAX_MISS_KEY).trim();
}

/**
 * Questions the assistant could not answer (UnansweredQuestion), grouped by normalised text. The sample is a
 * citizen's own words, personal data: editors see it, the logs never do.
 */
export class KnowledgeMisses {
  constructor(
    private readonly prisma: Db,
    private readonly entityId: string,
    private readonly logger: Logger,
    private readonly now: () => Date,
  ) {}

  /**
   * Counts a question the assistant could not answer, grouped by its normalised text; asking again reopens a resolved
   * one. Returns false for a question with no words (nothing an editor could act on).
   */
  async record(question: string, reason: MissReason, entryId?: string): Promise<boolean> {
    const normalized = missKeyOf(question);
    if (normalized === '') return false;
    const now = this.now();
    const where = { entityId_normalized: { entityId: this.entityId, normalized } };
    const update = {
      count: { increment: 1 },
      lastAskedAt: now,
      reason,
      entryKey: entryId ?? null,
      resolvedAt: null,
    };
    const create = {
      entityId: this.entityId,
      normalized,
      sample: question.trim().slice(0, MAX_MISS_SAMPLE),
      reason,
      entryKey: entryId ?? null,
      firstAskedAt: now,
      lastAskedAt: now,
    };
    try {
      await this.prisma.unansweredQuestion.upsert({ where, update, create });
    } catch (error) {
      // Two instances recording the same new question at once: the loser's insert hits the unique key; count it.
      if (!isUniqueViolation(error)) throw error;
      await this.prisma.unansweredQuestion.update({ where, data: update });
    }
    this.logger.debug({ entityId: this.entityId, reason }, 'knowledge miss recorded');
    return true;
  }

  /** Unanswered questions, most frequent first (then most recent). Resolved ones only when asked for. */
  async list(options: { includeResolved?: boolean; limit?: number } = {}): Promise<MissRecord[]> {
    const rows = await this.prisma.unansweredQuestion.findMany({
      where: { entityId: this.entityId, ...(options.includeResolved ? {} : { resolvedAt: null }) },
      orderBy: [{ count: 'desc' }, { lastAskedAt: 'desc' }],
      take: options.limit ?? 100,
    });
    return rows.map((r) => ({
      question: r.sample,
      normalized: r.normalized,
      count: r.count,
      reason: r.reason === 'not-helpful' ? 'not-helpful' : 'unknown',
      entryId: r.entryKey,
      firstAskedAt: r.firstAskedAt,
      lastAskedAt: r.lastAskedAt,
      resolvedAt: r.resolvedAt,
    }));
  }

  /** Marks misses as dealt with (by their normalised text, as `list` gives it). Returns how many changed. */
  async resolve(normalized: readonly string[]): Promise<number> {
    const result = await this.prisma.unansweredQuestion.updateMany({
      where: { entityId: this.entityId, normalized: { in: [...normalized] }, resolvedAt: null },
      data: { resolvedAt: this.now() },
    });
    return result.count;
  }
}
