import { describe, expect, it } from 'vitest';
import { addNewProducts, contentProductOf, type ProductText } from '../../../../app/recs/new-products';
import { ServingBundle } from '../../../../ml/serve';
import { ContentSimilarity } from '../../../../ml/models/content-similarity';

const row = (productId: string, title: string, productType: string, tags = ''): ProductText => ({ productId, title, productType, vendor: 'Acme', tags });
const trained = [row('1', 'Dome Tent', 'Tent', 'camp,sleep'), row('2', 'Tunnel Tent', 'Tent', 'camp'), row('3', 'Gas Stove', 'Stove', 'cook'), row('4', 'Trail Boot', 'Boot', 'hike')];
const sessions = [['1', '3'], ['1', '3'], ['4', '2']];

function bundle(content = new ContentSimilarity({ k: 3 }).fit(trained.map(contentProductOf), sessions)) {
  return new ServingBundle(['1', '2', '3', '4'], null, null, content, []);
}

describe('addNewProducts', () => {
  it('serves a product the training never saw, and puts it into an existing product\'s similar products', () => {
    const b = bundle();
    expect(b.alsoLike('9', 4, new Set()).ids).toEqual([]);
    const fresh = row('9', 'Ultralight Dome Tent', 'Tent', 'camp,sleep');
    const { live, added } = addNewProducts(b, 1, [...trained, fresh], null);
    expect(added).toBe(1);
    expect(live?.index.size).toBe(5);
    const forNew = b.alsoLike('9', 4, new Set());
    expect(forNew.ids[0]).toBe('1');
    expect(forNew.sources.every((s) => s === 'content')).toBe(true);
    expect(forNew.ids).toContain('3'); // borrowed from "Dome Tent"'s co-views
    expect(b.alsoLike('2', 4, new Set()).ids).toContain('9');
  });

  it('keeps the text index for the same model version and updates only what changed', () => {
    const first = addNewProducts(bundle(), 1, [...trained, row('9', 'Dome Tent XL', 'Tent')], null).live!;
    const vector = first.index.vectorOf('1');
    // The next load (a new bundle object, same version): a product renamed, one deleted, one added.
    const catalog = [row('1', 'Dome Tent', 'Tent', 'camp,sleep'), row('2', 'Tunnel Tent Pro', 'Tent', 'camp'), row('3', 'Gas Stove', 'Stove', 'cook'), row('9', 'Dome Tent XL', 'Tent'), row('10', 'Camp Stove', 'Stove', 'cook')];
    const b = bundle();
    const next = addNewProducts(b, 1, catalog, first);
    expect(next.live).toBe(first);
    expect(next.added).toBe(2);
    expect(first.index.vectorOf('1')).toBe(vector); // unchanged text, not re-indexed
    expect(first.indexed.get('2')).toContain('Tunnel Tent Pro');
    expect(first.index.has('4')).toBe(false); // deleted from the catalog
    expect(b.alsoLike('10', 3, new Set()).ids[0]).toBe('3');
    // Another model version starts a new index.
    expect(addNewProducts(bundle(), 2, catalog, first).live).not.toBe(first);
  });

  it('builds no index while every catalog product is known, and none for a content model that cannot extend', () => {
    expect(addNewProducts(bundle(), 1, trained, null)).toEqual({ live: null, added: 0 });
    const v1 = ContentSimilarity.fromArtifact({ kind: 'content-similarity', version: 1, neighbours: {} });
    expect(addNewProducts(bundle(v1), 1, [...trained, row('9', 'Dome Tent XL', 'Tent')], null)).toEqual({ live: null, added: 0 });
    expect(addNewProducts(new ServingBundle([], null, null, null, []), 1, trained, null)).toEqual({ live: null, added: 0 });
  });
});
