/**
 * The theme app extension (extensions/waymark-blocks) passes Shopify's theme-check with
 * the theme-app-extension config, its assets fit the app-block budget, the block schemas
 * are what the theme editor needs, and every translation key the extension uses exists.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Severity, themeCheckRun } from '@shopify/theme-check-node';
import { EXTENSION_DIR, parseBlockSchema, type BlockSchema, type SchemaSetting } from '../../../../app/demo/storefront/block-markup';

const require = createRequire(import.meta.url);
const CONFIG = join(require.resolve('@shopify/theme-check-node/package.json'), '..', 'configs', 'theme-app-extension.yml');

/** theme-check's AssetSizeAppBlockJavaScript threshold (raw bytes) and the compressed budget. */
const JS_THRESHOLD_BYTES = 10_000;
const GZIP_BUDGET_BYTES = 10 * 1024;
const CSS_GZIP_BUDGET_BYTES = 4 * 1024;

const RECOMMENDATION_BLOCKS = ['recommended-for-you', 'also-like', 'bought-together'] as const;

const files = (dir: string) => readdirSync(join(EXTENSION_DIR, dir)).map((f) => join(EXTENSION_DIR, dir, f));
const read = (path: string) => readFileSync(path, 'utf8');
const schemaOf = (block: string): BlockSchema => parseBlockSchema(read(join(EXTENSION_DIR, 'blocks', `${block}.liquid`)));

type Tree = { [key: string]: string | Tree };
function has(tree: Tree, key: string): boolean {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) {
    if (!node || typeof node === 'string') return false;
    node = node[part];
  }
  return typeof node === 'string' && node.length > 0;
}

describe('theme app extension: theme-check', () => {
  it('has zero errors with the theme-app-extension config', async () => {
    const run = await themeCheckRun(EXTENSION_DIR, CONFIG);
    expect(run.theme.length).toBeGreaterThanOrEqual(7); // the blocks, snippet, locales were all checked
    const describe = (o: (typeof run.offenses)[number]) =>
      `${o.check} ${relative(EXTENSION_DIR, o.uri.replace(/^file:\/\//, ''))}:${o.start.line + 1} ${o.message}`;
    const errors = run.offenses.filter((o) => o.severity === Severity.ERROR);
    expect(errors.map(describe), `theme-check errors:\n${errors.map(describe).join('\n')}`).toEqual([]);
  }, 120_000);
});

describe('theme app extension: assets', () => {
  it.each(files('assets').map((f) => [relative(EXTENSION_DIR, f), f]))('%s fits the budget', (_name, path) => {
    const bytes = readFileSync(path);
    const gzip = gzipSync(bytes, { level: 9 }).length;
    if (path.endsWith('.js')) {
      expect(bytes.length, 'raw size (theme-check measures raw bytes)').toBeLessThanOrEqual(JS_THRESHOLD_BYTES);
      expect(gzip).toBeLessThanOrEqual(GZIP_BUDGET_BYTES);
    } else if (path.endsWith('.css')) {
      expect(gzip).toBeLessThanOrEqual(CSS_GZIP_BUDGET_BYTES);
    }
  });

  it('has only the directories and file types the Shopify CLI accepts', () => {
    const allowed = new Set(['assets', 'blocks', 'snippets', 'locales']);
    for (const entry of readdirSync(EXTENSION_DIR)) {
      if (entry === 'shopify.extension.toml') continue;
      expect(allowed.has(entry) && statSync(join(EXTENSION_DIR, entry)).isDirectory(), entry).toBe(true);
    }
    for (const f of files('assets')) expect(f).toMatch(/\.(js|css|svg|png|jpe?g|json)$/);
    expect(read(join(EXTENSION_DIR, 'shopify.extension.toml'))).toMatch(/^type = "theme"$/m);
  });

  it('loads scripts without blocking the parser', () => {
    for (const f of [...files('blocks'), ...files('snippets')]) {
      for (const tag of read(f).match(/<script\b[^>]*>/g) ?? []) {
        expect(tag, f).toMatch(/\s(defer|async)\b|type="(module|application\/json)"/);
      }
    }
  });
});

describe('theme app extension: block schemas', () => {
  const required: Record<string, Partial<SchemaSetting>> = {
    heading: { type: 'text' },
    product_count: { type: 'range' },
    layout: { type: 'select' },
    show_price: { type: 'checkbox' },
    show_vendor: { type: 'checkbox' },
    fallback: { type: 'select' },
  };

  it.each(RECOMMENDATION_BLOCKS)('%s: app block with the required settings', (block) => {
    const schema = schemaOf(block);
    expect(schema.target).toBe('section');
    expect(schema.javascript).toBe('waymark-recs.js');
    expect(schema.stylesheet).toBe('waymark-recs.css');
    const byId = new Map(schema.settings.filter((s) => s.id).map((s) => [s.id!, s]));
    for (const [id, shape] of Object.entries(required)) {
      expect(byId.get(id), `${block}: setting ${id}`).toMatchObject(shape);
    }
    expect(byId.get('layout')!.options!.map((o) => o.value)).toEqual(['grid', 'carousel']);
    expect(byId.get('fallback')!.options!.map((o) => o.value)).toEqual(['shopify', 'popular', 'hide']);
    const count = byId.get('product_count')!;
    expect(count.min).toBeGreaterThanOrEqual(1);
    expect(count.max).toBeLessThanOrEqual(24); // the endpoint's limit
    expect(String(byId.get('heading')!.default)).toMatch(/^t:/);
    expect(new Set(byId.keys()).size).toBe(schema.settings.filter((s) => s.id).length);
  });

  it('targets the right templates', () => {
    expect(schemaOf('recommended-for-you').enabled_on).toBeUndefined(); // any page
    expect(schemaOf('also-like').enabled_on).toEqual({ templates: ['product'] });
    expect(schemaOf('bought-together').enabled_on).toEqual({ templates: ['product', 'cart'] });
  });

  it('"You may also like" autofills its product setting', () => {
    const product = schemaOf('also-like').settings.find((s) => s.id === 'product');
    expect(product).toMatchObject({ type: 'product', autofill: true });
  });

  it('the app embed targets the body', () => {
    const schema = schemaOf('waymark-embed');
    expect(schema.target).toBe('body');
    expect(read(join(EXTENSION_DIR, 'blocks', 'waymark-embed.liquid'))).toMatch(/'waymark-embed\.js' \| asset_url/);
  });
});

describe('theme app extension: locales', () => {
  const storefront = JSON.parse(read(join(EXTENSION_DIR, 'locales', 'en.default.json'))) as Tree;
  const schemaLocale = JSON.parse(read(join(EXTENSION_DIR, 'locales', 'en.default.schema.json'))) as Tree;
  const liquid = [...files('blocks'), ...files('snippets')].map((f) => [relative(EXTENSION_DIR, f), read(f)] as const);

  it('every storefront key the Liquid uses exists', () => {
    const used = new Set<string>();
    for (const [, src] of liquid) {
      for (const m of src.matchAll(/'([a-z0-9_.]+)'\s*\|\s*t\b/g)) used.add(m[1]!);
      for (const m of src.matchAll(/heading_key:\s*'([a-z0-9_.]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThanOrEqual(7);
    expect([...used].filter((k) => !has(storefront, k))).toEqual([]);
  });

  it('every t: key of the schemas exists', () => {
    const used = new Set<string>();
    const collect = (v: unknown): void => {
      if (typeof v === 'string' && v.startsWith('t:')) used.add(v.slice(2));
      else if (Array.isArray(v)) v.forEach(collect);
      else if (v && typeof v === 'object') Object.values(v).forEach(collect);
    };
    for (const f of files('blocks')) collect(parseBlockSchema(read(f)));
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((k) => !has(schemaLocale, k))).toEqual([]);
  });

  it('French and Japanese have exactly the English keys, translated, for the storefront and the theme editor', () => {
    const leaves = (tree: Tree, prefix = ''): Array<[string, string]> =>
      Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : leaves(v, `${prefix}${k}.`)));
    const locales = readdirSync(join(EXTENSION_DIR, 'locales')).sort();
    expect(locales).toEqual(['en.default.json', 'en.default.schema.json', 'fr.json', 'fr.schema.json', 'ja.json', 'ja.schema.json']);
    for (const [base, kind] of [
      [storefront, ''],
      [schemaLocale, '.schema'],
    ] as const) {
      const english = new Map(leaves(base));
      for (const lang of ['fr', 'ja']) {
        const other = new Map(leaves(JSON.parse(read(join(EXTENSION_DIR, 'locales', `${lang}${kind}.json`))) as Tree));
        expect([...other.keys()].sort(), `${lang}${kind}`).toEqual([...english.keys()].sort());
        const same = [...other].filter(([k, v]) => v === english.get(k) && !/^(Question|Sessions?)$/.test(v)).map(([k]) => k);
        expect(same, `${lang}${kind}: left in English`).toEqual([]);
        if (lang === 'ja') for (const [k, v] of other) expect(v, k).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      }
    }
  });

  it('block names fit the theme editor (25 characters)', () => {
    for (const f of files('blocks')) {
      const name = parseBlockSchema(read(f)).name;
      for (const file of ['en.default.schema.json', 'fr.schema.json', 'ja.schema.json']) {
        const tree = file === 'en.default.schema.json' ? schemaLocale : (JSON.parse(read(join(EXTENSION_DIR, 'locales', file))) as Tree);
        const text = name.startsWith('t:') ? (name.slice(2).split('.').reduce<unknown>((n, k) => (n as Tree)?.[k], tree) as string) : name;
        expect(text.length, `${f} ${file}`).toBeLessThanOrEqual(25);
      }
    }
  });
});
