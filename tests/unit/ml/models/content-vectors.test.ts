import { describe, expect, it } from 'vitest';
import { productTerms, termStats, tfidf, TextIndex } from '../../../../ml/models/content-vectors';

const weights = { title: 1, productType: 2, vendor: 1, tag: 1.5 };

describe('content vectors', () => {
  it('weights fields and prefixes their terms', () => {
    const tf = productTerms({ id: '1', title: 'Tent tent', productType: 'Tent', vendor: 'Acme', tags: ['Outdoor', ' '] }, weights);
    expect(Object.fromEntries(tf)).toEqual({ 'w:tent': 2, 'type:tent': 2, 'vendor:acme': 1, 'tag:outdoor': 1.5 });
  });

  it('makes unit vectors, drops terms in too many products, and treats an unseen term as rare', () => {
    const docs = Array.from({ length: 12 }, (_, i) => new Map([['common', 1], [`own${i}`, 1]]));
    const stats = termStats(docs);
    const v = tfidf(docs[0], stats, 0.3);
    expect([...v.keys()]).toEqual(['own0']);
    expect(v.get('own0')).toBeCloseTo(1);
    const fresh = tfidf(new Map([['never', 1], ['own1', 1]]), stats, 0.3);
    expect(fresh.get('never')).toBeCloseTo(fresh.get('own1')!);
  });
});

describe('TextIndex', () => {
  const v = (o: Record<string, number>) => new Map(Object.entries(o));
  it('finds the most similar by cosine, skips the asked one, and forgets removed or replaced products', () => {
    const ix = new TextIndex();
    ix.add('a', v({ x: 1 }));
    ix.add('b', v({ x: 0.6, y: 0.8 }));
    ix.add('c', v({ y: 1 }));
    expect(ix.search(v({ x: 1 }), 5)).toEqual([['a', 1], ['b', 0.6]]);
    expect(ix.search(v({ x: 1 }), 5, 'a')).toEqual([['b', 0.6]]);
    ix.remove('b');
    expect(ix.search(v({ x: 1 }), 5, 'a')).toEqual([]);
    ix.add('c', v({ x: 1 })); // replaced
    expect(ix.search(v({ y: 1 }), 5)).toEqual([]);
    expect(ix.size).toBe(2);
  });
});
