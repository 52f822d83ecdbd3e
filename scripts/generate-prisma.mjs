#!/usr/bin/env node
// Generates the Prisma clients for SQLite and PostgreSQL (src/generated/<provider>). Runs at `npm install`.
// `prisma generate` never runs the schema engine, but the CLI insists on finding one and would try to download it,
// which these machines cannot do: pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file satisfies it.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const cli = require.resolve('prisma/build/index.js');
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? fileURLToPath(import.meta.url),
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  CHECKPOINT_DISABLE: '1',
};
for (const schema of ['prisma/schema.prisma', 'prisma/postgresql/schema.prisma']) {
  execFileSync(process.execPath, [cli, 'generate', '--schema', schema], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env,
  });
}
console.log('Prisma clients generated for sqlite and postgresql');
