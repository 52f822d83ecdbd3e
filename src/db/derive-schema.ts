import type { DatabaseProvider } from './provider.js';

/**
 * Derives the schema of another provider from prisma/schema.prisma. Only the datasource provider and the generated
 * client's folder differ, which keeps one source of truth for the data model.
 */
export function deriveSchema(source: string, provider: DatabaseProvider): string {
  const withProvider = source.replace(/(datasource\s+db\s*\{[^}]*provider\s*=\s*)"[^"]+"/, `$1"${provider}"`);
  const withOutput = withProvider.replace(/(output\s*=\s*)"[^"]*"/, `$1"../../src/generated/${provider}"`);
  const header = '// GENERATED from prisma/schema.prisma by `npm run db:migration` — edit that file, not this one.\n';
  return provider === 'sqlite' ? source : header + withOutput;
}
