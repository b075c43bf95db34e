/**
 * The demo storefront's Quick feedback markup (app/demo/storefront/feedback-markup.ts) has the
 * same elements, attributes and classes as blocks/quick-feedback.liquid, so the demo runs the
 * extension's waymark-feedback.js against what a theme renders.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toLiquidHtmlAST } from '@shopify/liquid-html-parser';
import { EXTENSION_DIR } from '../../../../../app/demo/storefront/block-markup';
import { feedbackMaxLength, renderFeedbackBlock } from '../../../../../app/demo/storefront/feedback-markup';
import { MAX_FEEDBACK_CHARS } from '../../../../../app/api-contract/ingest';

type AstNode = { type: string; name?: unknown; attributes?: AstNode[]; children?: AstNode[] };
const nameOf = (name: unknown): string =>
  typeof name === 'string' ? name : Array.isArray(name) ? name.map((n: { value?: string }) => n.value ?? '{}').join('') : '';

/** "parent > tag[sorted attribute names]" edges; Liquid tags are transparent. */
function edges(source: string): string[] {
  const out: string[] = [];
  const visit = (node: AstNode, parent: string) => {
    let next = parent;
    if (node.type === 'HtmlElement' || node.type === 'HtmlVoidElement') {
      const names = (node.attributes ?? []).filter((a) => a.type.startsWith('Attr')).map((a) => nameOf(a.name)).filter((n) => n).sort();
      next = `${nameOf(node.name)}[${names.join(',')}]`;
      out.push(`${parent} > ${next}`);
    }
    if (node.type === 'LiquidRawTag') return;
    for (const child of node.children ?? []) visit(child, next);
  };
  visit(toLiquidHtmlAST(source) as unknown as AstNode, '#root');
  return out.sort();
}

const LIQUID = readFileSync(join(EXTENSION_DIR, 'blocks', 'quick-feedback.liquid'), 'utf8');
// `{{ block.shopify_attributes }}` is the theme editor's hook: Shopify fills it, the demo has none.
const liquidEdges = () => edges(LIQUID.replace('{{ block.shopify_attributes }}', ''));

describe('Quick feedback markup: TypeScript renderer vs Liquid', () => {
  it('has the same element tree and attributes', () => {
    expect(liquidEdges().length).toBeGreaterThanOrEqual(6); // form, label, textarea, note, button, status
    expect(edges(renderFeedbackBlock({ id: 'f1', template: 'cart' }))).toEqual(liquidEdges());
  });

  it('uses the same classes', () => {
    const classes = (s: string) => [...s.matchAll(/class="([^"]*)"/g)].map((m) => m[1]).sort();
    expect(classes(renderFeedbackBlock({ id: 'f1', template: 'cart' }))).toEqual(classes(LIQUID));
  });

  it('limits the answer by the schema default, never above the ingest limit', () => {
    expect(feedbackMaxLength()).toBe(300);
    const schema = JSON.parse(/{% schema %}([\s\S]*){% endschema %}/.exec(LIQUID)![1]);
    const range = schema.settings.find((s: { id: string }) => s.id === 'max_length');
    expect(range.max).toBeLessThanOrEqual(MAX_FEEDBACK_CHARS);
  });

  it('escapes what it outputs', () => {
    const html = renderFeedbackBlock({ id: '"><x', template: '<t>', productId: '"1' });
    expect(html).not.toContain('<x');
    expect(html).not.toContain('<t>');
    expect(html).toContain('data-product-id="&quot;1"');
  });
});
