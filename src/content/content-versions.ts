import type { Db } from '../db/database.js';
import { DomainError } from '../lib/errors/domain-error.js';
import { isUniqueViolation } from '../lib/errors/unique-violation.js';

export interface ContentVersionInfo {
  number: number;
  authorName: string;
  createdAt: Date;
  restoredFrom: number | null;
}

/** The versions of content files saved from the console, in the database every instance shares. */
export class ContentVersions {
  constructor(
    private readonly prisma: Db,
    private readonly entityId: string,
  ) {}

  /** The newest version of each file that has one: those override the files on disk. */
  async inForce(): Promise<Map<string, { number: number; content: string }>> {
    const rows = await this.prisma.contentFileVersion.findMany({
      where: { entityId: this.entityId },
      select: { name: true, number: true, content: true },
      orderBy: [{ name: 'asc' }, { number: 'desc' }],
    });
    const newest = new Map<string, { number: number; content: string }>();
    for (const row of rows)
      if (!newest.has(row.name)) newest.set(row.name, { number: row.number, content: row.content });
    return newest;
  }

  /** Newest first. */
  async history(name: string): Promise<ContentVersionInfo[]> {
    return this.prisma.contentFileVersion.findMany({
      where: { entityId: this.entityId, name },
      select: { number: true, authorName: true, createdAt: true, restoredFrom: true },
      orderBy: { number: 'desc' },
      take: 200,
    });
  }

  async content(name: string, number: number): Promise<string | undefined> {
    const row = await this.prisma.contentFileVersion.findUnique({
      where: { entityId_name_number: { entityId: this.entityId, name, number } },
      select: { content: true },
    });
    return row?.content;
  }

  /**
   * Stores the next version of `name`. `after` is the version the editor started from: if someone saved since, the
   * number is taken and the save is refused with CONFLICT rather than silently undoing the other person's change.
   */
  async add(
    name: string,
    content: string,
    author: { id: string | null; name: string },
    after: number,
    restoredFrom?: number,
  ): Promise<number> {
    const number = after + 1;
    try {
      await this.prisma.contentFileVersion.create({
        data: {
          entityId: this.entityId,
          name,
          number,
          content,
          authorId: author.id,
          authorName: author.name,
          restoredFrom: restoredFrom ?? null,
        },
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('CONFLICT');
      throw error;
    }
    return number;
  }
}
