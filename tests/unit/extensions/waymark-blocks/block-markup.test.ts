/**
 * The demo storefront's TypeScript block renderer (app/storefront/block-markup.ts) produces
 * the same markup structure as the extension's Liquid (snippets/waymark-recs.liquid,
 * blocks/waymark-embed.liquid): both are parsed with Shopify's Liquid-HTML parser and
 * compared as trees of "tag.baseClass[attribute names]" (Liquid if/for branches are
 * transparent, so the Liquid tree is the union over all settings), plus the full class
 * vocabulary and the data attributes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toLiquidHtmlAST } from '@shopify/liquid-html-parser';
import {
  EXTENSION_DIR,
  defaultSettings,
  renderEmbed,
  renderRecommendationBlock,
  type BlockSettings,
  type Placement,
} from '../../../../app/storefront/block-markup';
import { escapeHtml, jsonForScript } from '../../../../app/storefront/html';

type AstNode = { type: string; name?: unknown; attributes?: AstNode[]; children?: AstNode[]; value?: unknown };

const nameOf = (name: unknown): string =>
  typeof name === 'string' ? name : Array.isArray(name) ? name.map((n: { value?: string }) => n.value ?? '{}').join('') : '';

/** The signature of an HTML element: tag, first (static) class, sorted attribute names. */
function signature(node: AstNode): string {
  const attrs = (node.attributes ?? []).filter((a) => a.type.startsWith('Attr'));
  const names = attrs.map((a) => nameOf(a.name)).sort();
  const cls = attrs.find((a) => nameOf(a.name) === 'class');
  const first = Array.isArray(cls?.value) ? String((cls.value[0] as { value?: string })?.value ?? '').trim().split(/\s+/)[0] : '';
  return `${nameOf(node.name)}${first ? `.${first}` : ''}[${names.join(',')}]`;
}

/** parent → child edges between HTML elements; Liquid tags and branches are transparent. */
function edges(source: string): Set<string> {
  const out = new Set<string>();
  const visit = (node: AstNode, parent: string) => {
    const isElement = node.type === 'HtmlElement' || node.type === 'HtmlRawNode' || node.type === 'HtmlVoidElement' || node.type === 'HtmlSelfClosingElement';
    let next = parent;
    if (isElement) {
      next = signature(node);
      out.add(`${parent} > ${next}`);
    }
    if (node.type === 'LiquidRawTag') return; // {% doc %}, {% schema %}
    for (const child of node.children ?? []) visit(child, next);
  };
  visit(toLiquidHtmlAST(source) as unknown as AstNode, '#root');
  return out;
}

/** Class tokens in class="..." attributes; Liquid `--{{ x }}` suffixes expanded with `dynamic`. */
function classTokens(source: string, dynamic: string[] = []): Set<string> {
  const tokens = new Set<string>();
  for (const m of source.matchAll(/class="([^"]*)"/g)) {
    const text = m[1]!.replace(/{%[^%]*%}/g, ' ').replace(/{{[^}]*}}/g, '\u0000');
    for (const raw of text.split(/\s+/)) {
      if (!raw) continue;
      if (raw.includes('\u0000')) dynamic.forEach((d) => tokens.add(raw.replace('\u0000', d)));
      else tokens.add(raw);
    }
  }
  return tokens;
}

const dataAttrs = (html: string) => new Set([...html.matchAll(/\s(data-[a-z-]+)/g)].map((m) => m[1]!));

const SNIPPET = readFileSync(join(EXTENSION_DIR, 'snippets', 'waymark-recs.liquid'), 'utf8');
const EMBED = readFileSync(join(EXTENSION_DIR, 'blocks', 'waymark-embed.liquid'), 'utf8');

const VARIANTS: Array<Partial<BlockSettings>> = [
  { layout: 'grid', show_price: true, show_vendor: false },
  { layout: 'carousel', show_price: true, show_vendor: true },
  { layout: 'grid', show_price: false, show_vendor: true, product_count: 7 },
];

const render = (settings: Partial<BlockSettings>, placement: Placement = 'also_like') =>
  renderRecommendationBlock({ id: 'b1', placement, settings, productId: '123', cartProductIds: ['5', '6', '5'], currency: 'EUR' });

describe('block markup: TypeScript renderer vs Liquid', () => {
  it('has the same element tree as the Liquid snippet', () => {
    const liquid = edges(SNIPPET);
    const ts = new Set<string>();
    for (const v of VARIANTS) {
      const one = edges(render(v));
      for (const e of one) expect(liquid.has(e), `TS edge not in Liquid: ${e}`).toBe(true);
      one.forEach((e) => ts.add(e));
    }
    expect([...liquid].filter((e) => !ts.has(e))).toEqual([]);
  });

  it('uses the same class names', () => {
    const ts = new Set<string>();
    for (const v of VARIANTS) classTokens(render(v)).forEach((c) => ts.add(c));
    expect([...ts].sort()).toEqual([...classTokens(SNIPPET, ['grid', 'carousel'])].sort());
  });

  it('has the same data attributes', () => {
    const liquid = dataAttrs(SNIPPET);
    const ts = new Set<string>();
    for (const v of VARIANTS) dataAttrs(render(v)).forEach((a) => ts.add(a));
    expect([...ts].sort()).toEqual([...liquid].sort());
  });

  it('renders the app embed like the Liquid', () => {
    const html = renderEmbed({ src: '/assets/waymark-embed.js', productId: '42' });
    const liquidBody = EMBED.replace(/{%\s*schema\s*%}[\s\S]*$/, '').replace(/{%-?\s*comment\s*-?%}[\s\S]*?{%-?\s*endcomment\s*-?%}/, '');
    expect([...edges(html)]).toEqual([...edges(liquidBody)]);
    expect(html).toContain('data-product-id="42"');
  });
});

describe('block markup: values', () => {
  it('takes defaults from the schema and headings from the locales', () => {
    expect(defaultSettings('also_like')).toEqual({
      heading: 'You may also like',
      product_count: 4,
      layout: 'grid',
      show_price: true,
      show_vendor: false,
      fallback: 'shopify',
    });
    expect(render({ heading: '' }, 'bought_together')).toContain('>Frequently bought together</h2>');
  });

  it('reserves rows for each column count and exposes the settings', () => {
    const html = render({ product_count: 7, layout: 'grid' });
    expect(html).toContain('--wm-count: 7; --wm-rows-2: 4; --wm-rows-3: 3; --wm-rows-4: 2;');
    expect(html.match(/waymark-recs__item--skeleton/g)).toHaveLength(7);
    expect(html).toContain('data-limit="7"');
    expect(html).toContain('data-product-id="123"');
    expect(html).toContain('data-cart="5,6"');
    expect(html).toContain('data-currency="EUR"');
    expect(html).toContain('data-endpoint="/apps/waymark/recommendations"');
    expect(html).not.toContain('data-waymark-prev');
    expect(render({ layout: 'carousel' })).toContain('aria-label="Previous products"');
  });

  it('escapes everything it outputs', () => {
    const html = renderRecommendationBlock({
      id: '"><script>x</script>',
      placement: 'recommended',
      settings: { heading: '<img src=x onerror=alert(1)>' },
      productId: '1" onmouseover="x',
      currency: 'U"SD',
    });
    expect(html).not.toMatch(/<script|<img|" onmouseover/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(escapeHtml(`<a href="x">'&`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
    expect(jsonForScript({ t: '</script><!--' })).not.toMatch(/<\/script|<!--/);
  });
});
