import { describe, expect, it } from 'vitest';
import { ContentSimilarity, tokenize } from '../../../../ml/models/content-similarity';

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
