import { defineConfig } from 'prisma/config';

// The Prisma CLI (generate, and migrate deploy where the native engine can be had) picks the schema and migration
// folder of the provider that DATABASE_URL names; the application itself never needs this file.
const url = process.env.DATABASE_URL ?? 'file:./data/ventanilla.db';
const provider = /^postgres(ql)?:\/\//.test(url) ? 'postgresql' : 'sqlite';

export default defineConfig({
  schema: provider === 'postgresql' ? 'prisma/postgresql/schema.prisma' : 'prisma/schema.prisma',
  migrations: { path: `prisma/migrations/${provider}` },
  datasource: { url },
});
