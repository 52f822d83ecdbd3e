/** The two databases Ventanilla runs on: SQLite embedded (default) and PostgreSQL (production, several instances). */
export type DatabaseProvider = 'sqlite' | 'postgresql';

export function providerOf(databaseUrl: string): DatabaseProvider {
  return /^postgres(ql)?:\/\//i.test(databaseUrl) ? 'postgresql' : 'sqlite';
}
