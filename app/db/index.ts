/** Waymark's database layer: client factory, migrations, URL helpers. */
export { createDb, DEFAULT_DATABASE_URL, SQLITE_PRAGMAS, type Db, type CreateDbOptions } from './client';
export {
  migrate,
  diffAgainstSchema,
  createMigrationFiles,
  migrationDirectoryName,
  defaultMigrationsDir,
  renderSchema,
  migrationSchema,
  readMigrationsList,
  MigrationError,
  type MigrateOptions,
  type MigrateResult,
  type DiffOptions,
  type CreateMigrationOptions,
  type CreatedMigration,
} from './migrate';
export {
  providerFromUrl,
  sqlitePathFromUrl,
  pgFieldsFromUrl,
  withPgDatabase,
  redactUrl,
  DatabaseUrlError,
  PROVIDERS,
  type Provider,
  type PgConnectionFields,
} from './url';
export { createPgDatabase, createPgDatabaseFromUrl, dropPgDatabase, probePg, type PgProbe } from './pg-admin';
export * from './types';
