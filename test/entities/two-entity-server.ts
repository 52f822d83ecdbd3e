import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { silentLogger } from '../core/harness.js';
import { repoRoot } from '../support/cli-process.js';

/** The test alcaldía; its folder's `entidades/` holds the test concejo, so one server serves both. */
export const alcaldiaFixture = join(repoRoot, 'test/fixtures/entities/alcaldia');

/** A server on a free port for the two test entities, on the given database, as `ventanilla serve` starts it. */
export function startTwoEntityServer(databaseUrl: string, entitiesPollMs: string): Promise<RunningServer> {
  return startServer(
    loadConfig({
      DATABASE_URL: databaseUrl,
      FLOWS_DIR: alcaldiaFixture,
      PORT: '0',
      NODE_ENV: 'test',
      WIDGET_SECRET: 'a-test-secret-that-is-long-enough-0123456789',
      ENTITIES_POLL_MS: entitiesPollMs,
    }),
    silentLogger,
  );
}
