import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { ColumnTypeEnum } from '@prisma/driver-adapter-utils';

/**
 * A stand-in PostgreSQL driver adapter for schema-to-schema diffs: the engine only asks the server's version before
 * writing SQL, so no server is needed to generate PostgreSQL migrations. Any other query is a programming error.
 */
export function postgresDialectAdapter(): SqlMigrationAwareDriverAdapterFactory {
  const adapter: SqlDriverAdapter = {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    async queryRaw(query) {
      if (/version\(\)/i.test(query.sql)) {
        // The engine asks whether the schema exists, the version string and the numeric version in one query.
        return {
          columnTypes: [ColumnTypeEnum.Boolean, ColumnTypeEnum.Text, ColumnTypeEnum.Int32],
          columnNames: ['exists', 'version', 'numeric_version'],
          rows: [[true, 'PostgreSQL 15.0', 150000]],
        };
      }
      throw new Error(`postgresDialectAdapter cannot run: ${query.sql}`);
    },
    async executeRaw(query) {
      throw new Error(`postgresDialectAdapter cannot run: ${query.sql}`);
    },
    async executeScript() {
      throw new Error('postgresDialectAdapter cannot run scripts');
    },
    async startTransaction() {
      throw new Error('postgresDialectAdapter has no transactions');
    },
    async dispose() {},
  };
  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: async () => adapter,
    connectToShadowDb: async () => adapter,
  };
}
