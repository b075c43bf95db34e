import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { pgFieldsFromUrl, providerFromUrl, redactUrl, sqlitePathFromUrl, withPgDatabase } from '../../app/db/url';
import { migrationDirectoryName } from '../../app/db/migrate';

describe('database URLs', () => {
  it('tells the provider from the URL', () => {
    expect(providerFromUrl('file:./data/waymark.sqlite')).toBe('sqlite');
    expect(providerFromUrl('file:///var/lib/waymark.db')).toBe('sqlite');
    expect(providerFromUrl('./data/x.sqlite')).toBe('sqlite');
    expect(providerFromUrl('/tmp/x.db')).toBe('sqlite');
    expect(providerFromUrl('postgres://u:p@h/db')).toBe('postgresql');
    expect(providerFromUrl('postgresql://h:5432/db?sslmode=require')).toBe('postgresql');
    expect(() => providerFromUrl('mysql://h/db')).toThrow(/Unsupported/);
    expect(() => providerFromUrl('')).toThrow(/empty/);
  });

  it('resolves SQLite paths against the working directory', () => {
    expect(sqlitePathFromUrl('file:./data/w.sqlite')).toBe(resolve('data/w.sqlite'));
    expect(sqlitePathFromUrl('file:/abs/w.sqlite?mode=rwc')).toBe('/abs/w.sqlite');
    expect(sqlitePathFromUrl('file:///abs/w.sqlite')).toBe('/abs/w.sqlite');
    expect(() => sqlitePathFromUrl('file::memory:')).toThrow();
  });

  it('splits PostgreSQL URLs into fields and hides passwords', () => {
    expect(pgFieldsFromUrl('postgresql://me:s%40cret@db.example:6543/app?sslmode=require')).toEqual({
      host: 'db.example',
      port: 6543,
      user: 'me',
      password: 's@cret',
      database: 'app',
      ssl: { rejectUnauthorized: false },
    });
    expect(() => pgFieldsFromUrl('postgresql://h:5432/')).toThrow(/names no database/);
    expect(withPgDatabase('postgresql://me:pw@h:5432/app?x=1', 'other')).toBe('postgresql://me:pw@h:5432/other?x=1');
    expect(redactUrl('postgresql://me:pw@h/app')).toBe('postgresql://me:***@h/app');
  });

  it('names migration folders like Prisma', () => {
    expect(migrationDirectoryName('Add widgets!', new Date('2026-11-27T19:07:47Z'))).toBe('20261127190747_add_widgets');
    expect(() => migrationDirectoryName('  ')).toThrow();
  });
});
