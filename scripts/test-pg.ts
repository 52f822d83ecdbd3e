/**
 * The PostgreSQL pass: only the test files that run on a database provider (they name `testProviders` or
 * TEST_POSTGRES_URL), against a throwaway cluster. `npm test` has already run everything else on SQLite; running the
 * rest again here would only repeat it, and so would running these files on SQLite again: they run on PostgreSQL only.
 * Extra arguments go to vitest.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withThrowawayPostgres } from '../test/support/throwaway-postgres.js';

async function testFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory()
        ? testFiles(join(dir, e.name))
        : Promise.resolve(e.name.endsWith('.test.ts') ? [join(dir, e.name)] : []),
    ),
  );
  return nested.flat();
}

const all = await testFiles('test');
const databaseTests: string[] = [];
for (const file of all.sort()) {
  if (/testProviders|TEST_POSTGRES_URL/.test(await readFile(file, 'utf8'))) databaseTests.push(file);
}
console.log(`PostgreSQL pass: ${databaseTests.length} of ${all.length} test files use a database provider.`);
// PostgreSQL only: `npm test` runs these same files on SQLite (TEST_PROVIDERS=sqlite,postgresql runs both).
process.env.TEST_PROVIDERS ??= 'postgresql';
process.exitCode = await withThrowawayPostgres('npx', ['vitest', 'run', ...databaseTests, ...process.argv.slice(2)]);
