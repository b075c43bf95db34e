/**
 * `npm run db:migrate`: applies the committed migrations to DATABASE_URL
 * (default file:./data/waymark.sqlite). Safe to re-run: applies only what is missing.
 *
 * Flags: --check  also verify the migrated database matches prisma/schema.prisma
 *                 (exit 1 and print the missing SQL when it does not).
 */
import { diffAgainstSchema, migrate, MigrationError } from '../db/migrate';
import { DEFAULT_DATABASE_URL } from '../db/client';
import { DatabaseUrlError, redactUrl } from '../db/url';

async function main(): Promise<number> {
  const url = process.env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
  const check = process.argv.includes('--check');
  console.log(`db:migrate ${redactUrl(url)}`);
  const result = await migrate({ url, onProgress: (m) => console.log(`  ${m}`) });
  const took = `${Math.round(result.durationMs)} ms`;
  console.log(
    result.applied.length
      ? `Applied ${result.applied.length} migration(s) in ${took}.`
      : `Nothing to apply (${result.available.length} migration(s) already applied, ${took}).`,
  );
  if (check) {
    const drift = await diffAgainstSchema({ url });
    if (drift) {
      console.error('Database does not match prisma/schema.prisma. Missing SQL:\n' + drift);
      console.error('Create a migration with: npm run db:new-migration -- <name>');
      return 1;
    }
    console.log('Schema check: database matches prisma/schema.prisma.');
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    const known = e instanceof MigrationError || e instanceof DatabaseUrlError;
    console.error(`db:migrate failed: ${known ? (e as Error).message : ((e as Error)?.stack ?? String(e))}`);
    process.exit(1);
  },
);
