import { describe, expect, it } from 'vitest';
import { ContentSimilarity, tokenize } from '../../../../ml/models/content-similarity';
import { TextIndex } from '../../../../ml/models/content-vectors';

const nearest = (m: ContentSimilarity, id: string) => m.similar(id, 1)[0]?.[0];

describe('content similarity tokenize', () => {
  it('keeps words of every script, stems Latin and Cyrillic, drops stopwords and noise', () => {
    expect(tokenize('Hiking Boots for Men')).toEqual(['hike', 'boot', 'men']);
    expect(tokenize('Зимняя куртки')).toEqual(['зимн', 'куртк']);
    expect(tokenize('防水ジャケット')).toEqual(['防水', 'ジャケット']);
    expect(tokenize('مظلة شمسية')).toHaveLength(2);
    expect(tokenize('😀 ')).toEqual([]);
    expect(tokenize('ＴＥＮＴ 2')).toEqual(['tent', '2']);
  });
});

describe('ContentSimilarity', () => {
  it('finds neighbors in Chinese, Japanese, Russian and Arabic catalogs', () => {
    const m = new ContentSimilarity({ k: 3 }).fit([
      { id: 'zh1', title: '防水 登山 背包' },
      { id: 'zh2', title: '轻量 登山 背包' },
      { id: 'zh3', title: '不锈钢 水壶' },
      { id: 'ja1', title: '冬用ジャケット メンズ' },
      { id: 'ja2', title: '軽量ジャケット レディース' },
      { id: 'ru1', title: 'Зимняя куртка' },
      { id: 'ru2', title: 'Лёгкие куртки' },
      { id: 'ru3', title: 'Палатка двухместная' },
      { id: 'ar1', title: 'حقيبة ظهر للمشي' },
      { id: 'ar2', title: 'حقيبة ظهر خفيفة' },
      { id: 'en1', title: 'Steel Water Bottle' },
      { id: 'en2', title: 'Dome Tent' },
    ]);
    expect(nearest(m, 'zh1')).toBe('zh2');
    expect(nearest(m, 'ja1')).toBe('ja2');
    expect(nearest(m, 'ru1')).toBe('ru2'); // куртка / куртки share a stem
    expect(nearest(m, 'ar1')).toBe('ar2');
    expect(m.similar('zh3', 3)).toEqual([]); // shares nothing
  });

  it('weights a shared type and tags over a title word, with normalized terms', () => {
    const m = new ContentSimilarity({ k: 2 }).fit([
      { id: 'a', title: 'Ridge Boot', productType: 'Stiefel', tags: ['Größe 42'] },
      { id: 'b', title: 'Alpine Boot', productType: 'Shoe' },
      { id: 'c', title: 'Summit', productType: 'stiefel', tags: ['grosse 42'] },
    ]);
    expect(nearest(m, 'a')).toBe('c');
  });

  it('round-trips through its artifact', () => {
    const m = new ContentSimilarity().fit([
      { id: '1', title: '登山 背包' },
      { id: '2', title: '登山 鞋' },
    ]);
    expect(ContentSimilarity.fromArtifact(m.toArtifact()).similar('1', 5)).toEqual(m.similar('1', 5));
  });
});

describe('ContentSimilarity blended with co-view behavior', () => {
  // Two tents and two stoves read alike; shoppers who view the tent "t1" go on to the stove "s2".
  const products = [
    { id: 't1', title: 'Dome Tent', productType: 'Tent' },
    { id: 't2', title: 'Tunnel Tent', productType: 'Tent' },
    { id: 's1', title: 'Gas Stove', productType: 'Stove' },
    { id: 's2', title: 'Camping Stove', productType: 'Stove' },
    { id: 'b1', title: 'Trail Boot', productType: 'Boot' },
  ];
  const sessions = [
    ['t1', 's2'],
    ['t1', 's2'],
    ['s2', 't1'],
    ['b1', 't2'],
  ];

  it('is text only at alpha 0 and follows co-views for viewed products when blended', () => {
    const text = new ContentSimilarity({ alpha: 0 }).fit(products, sessions);
    expect(nearest(text, 't1')).toBe('t2');
    const blended = new ContentSimilarity({ alpha: 0.5 }).fit(products, sessions);
    expect(nearest(blended, 't1')).toBe('s2');
  });

  it('gives a product no session viewed its text neighbors, then what they were co-viewed with', () => {
    const m = new ContentSimilarity({ alpha: 0.5 }).fit([...products, { id: 't3', title: 'Dome Tent XL', productType: 'Tent' }], sessions);
    const ids = m.similar('t3', 5).map(([id]) => id);
    expect(ids[0]).toBe('t1'); // text
    expect(ids).toContain('s2'); // borrowed: t1's co-view row, although s2 shares no word with t3
    expect(new ContentSimilarity({ alpha: 0 }).fit(products.concat({ id: 't3', title: 'Dome Tent XL', productType: 'Tent' })).similar('t3', 5).map(([id]) => id)).not.toContain('s2');
  });

  it('ignores session products outside the catalog', () => {
    const m = new ContentSimilarity({ alpha: 0.9 }).fit(products, [['t1', 'gone'], ['t1', 'gone']]);
    expect(m.similar('t1', 10).map(([id]) => id)).not.toContain('gone');
  });

  it('extends to a product it never saw, against a live catalog index, and offers it to its text neighbors', () => {
    const m = new ContentSimilarity({ alpha: 0.5, k: 3 }).fit(products, sessions);
    const fresh = { id: 'n1', title: 'Ultralight Dome Tent', productType: 'Tent' };
    const catalog = new TextIndex();
    for (const p of [...products, fresh]) catalog.add(p.id, m.vectorize(p));
    expect(m.knows('n1')).toBe(false);
    expect(m.extend([fresh], catalog)).toBe(1);
    expect(m.knows('n1')).toBe(true);
    expect(nearest(m, 'n1')).toBe('t1');
    expect(m.similar('n1', 3).map(([id]) => id)).toContain('s2'); // borrowed from t1
    expect(m.similar('t2', 3).map(([id]) => id)).toContain('n1'); // an existing product's list now holds it
    expect(m.similar('s2', 3).map(([id]) => id)).toContain('n1'); // and one it shares no word with, through t1's co-views
    expect(m.extend([fresh], catalog)).toBe(0); // once
  });

  it('keeps what it needs to extend through its artifact; a v1 artifact still serves but cannot extend', () => {
    const m = new ContentSimilarity({ alpha: 0.5 }).fit(products, sessions);
    const back = ContentSimilarity.fromArtifact(JSON.parse(JSON.stringify(m.toArtifact())));
    expect(back.similar('t1', 5)).toEqual(m.similar('t1', 5));
    const fresh = { id: 'n1', title: 'Camping Stove Mini', productType: 'Stove' };
    expect(back.vectorize(fresh)).toEqual(m.vectorize(fresh));
    const catalog = new TextIndex();
    for (const p of [...products, fresh]) catalog.add(p.id, back.vectorize(p));
    expect(back.extend([fresh], catalog)).toBe(1);
    expect(nearest(back, 'n1')).toBe('s2');

    const v1 = ContentSimilarity.fromArtifact({ kind: 'content-similarity', version: 1, neighbours: { a: [['b', 0.5]] } });
    expect(v1.similar('a', 5)).toEqual([['b', 0.5]]);
    expect(v1.canExtend).toBe(false);
    expect(v1.extend([fresh], catalog)).toBe(0);
  });
});
