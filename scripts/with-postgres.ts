/**
 * Runs a command against a throwaway PostgreSQL cluster (TEST_POSTGRES_URL), then stops it:
 *   npm run test:pg            the whole suite; database tests run on SQLite and on PostgreSQL
 */
import { withThrowawayPostgres } from '../test/support/throwaway-postgres.js';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: tsx scripts/with-postgres.ts <command> [args...]');
  process.exit(2);
}
process.exitCode = await withThrowawayPostgres(command, args);
