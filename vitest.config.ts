import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/build-widget.global.ts'],
    environment: 'node',
    // Vitest's default on 2 CPUs is one worker, which leaves a core idle while tests wait on PostgreSQL, Chromium,
    // Dovecot and child processes; two keep both busy (CI: 28 min before, 21 after). VITEST_MAX_WORKERS overrides.
    maxWorkers: Number(process.env.VITEST_MAX_WORKERS ?? 2),
    testTimeout: 20_000,
    hookTimeout: 60_000,
    env: { DOTENV_CONFIG_QUIET: 'true', LOG_LEVEL: 'silent' },
  },
});
