import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveSchema } from '../../src/db/derive-schema.js';
import { prismaDir } from '../../src/db/migration-files.js';
import { pendingSchemaChange } from '../../scripts/db-migration.js';

describe('schema and migrations agree', () => {
  it('SQLite: the migrations, applied by our runner, produce exactly prisma/schema.prisma', async () => {
    expect(await pendingSchemaChange('sqlite')).toBe('');
  });

  it('PostgreSQL: the migrations capture every change up to prisma/schema.prisma', async () => {
    expect(await pendingSchemaChange('postgresql')).toBe('');
  });

  it('the PostgreSQL schema is the SQLite one with only the provider and output changed', async () => {
    const source = await readFile(join(prismaDir(), 'schema.prisma'), 'utf8');
    const derived = await readFile(join(prismaDir(), 'postgresql', 'schema.prisma'), 'utf8');
    expect(derived).toBe(deriveSchema(source, 'postgresql'));
    expect(derived).toContain('provider = "postgresql"');
  });
});
