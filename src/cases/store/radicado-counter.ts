import type { Tx } from '../../db/database.js';

/**
 * Takes the next number of the entity's sequence for `year`, inside the filing transaction. One statement on both
 * databases: the first filing of a year inserts 1, later ones increment. The row stays locked until the transaction
 * ends (PostgreSQL row lock; SQLite's single writer), so concurrent filings get consecutive, distinct numbers, and a
 * filing that rolls back gives its number back instead of leaving a gap.
 */
export async function takeRadicadoNumber(tx: Tx, entityId: string, year: number): Promise<number> {
  const rows = await tx.$queryRaw<{ last: number | bigint }[]>`
    INSERT INTO "RadicadoCounter" ("entityId", "year", "last") VALUES (${entityId}, ${year}, 1)
    ON CONFLICT ("entityId", "year") DO UPDATE SET "last" = "RadicadoCounter"."last" + 1
    RETURNING "last"`;
  const last = rows[0]?.last;
  if (last === undefined) throw new Error('radicado counter returned no row');
  return Number(last);
}
