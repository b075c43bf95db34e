import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_QUERY_PARAMS } from '../../../../ml/text/params';
import { analyzeQuery } from '../../../../ml/text/analyze-query';
import { boundedEditDistance } from '../../../../ml/text/edit-distance';
import { buildVocabulary } from '../../../../ml/text/vocabulary';
import { clusterQueries } from '../../../../ml/text/query-clusters';
import { clusterQuality, parseLabeledQueries, vocabularyTexts } from '../../../../ml/text/cluster-eval';
import { guessLanguage } from '../../../../ml/text/language';
import { normalizeText } from '../../../../ml/text/normalize';
import { stem } from '../../../../ml/text/stem';
import { tokenize } from '../../../../ml/text/tokenize';

const P = { ...DEFAULT_QUERY_PARAMS };

describe('normalizeText', () => {
  it('folds width, case and Latin accents but keeps other scripts’ marks', () => {
    expect(normalizeText('ＫＡＹＡＫ')).toBe('kayak');
    expect(normalizeText('Größe Café')).toBe('grosse cafe');
    expect(normalizeText('Йогурт')).toBe('йогурт'); // й keeps its breve
    expect(normalizeText('ｶﾞｽ')).toBe('ガス'); // half-width katakana with dakuten
  });
});

describe('tokenize', () => {
  it('splits CJK without spaces, drops emoji and punctuation', () => {
    expect(tokenize('防水ジャケット').map((t) => t.text)).toEqual(['防水', 'ジャケット']);
    expect(tokenize('😀🔥 !!')).toEqual([]);
    expect(tokenize('')).toEqual([]);
    expect(tokenize('rain-jacket, 2L').map((t) => t.text)).toEqual(['rain', 'jacket', '2l']);
    expect(tokenize('مظلة شمسية').map((t) => t.script)).toEqual(['arabic', 'arabic']);
  });
  it('survives very long input', () => {
    expect(tokenize('a '.repeat(100_000)).length).toBeLessThanOrEqual(1_000);
  });
});

describe('stem and language', () => {
  it('stems the five required languages', () => {
    expect(stem('kayaks', 'en')).toBe(stem('kayak', 'en'));
    expect(stem('zapatos', 'es')).toBe(stem('zapato', 'es'));
    expect(stem('jacken', 'de')).toBe(stem('jacke', 'de'));
    expect(stem('chaussures', 'fr')).toBe(stem('chaussure', 'fr'));
    expect(stem('куртки', 'ru')).toBe(stem('куртка', 'ru'));
  });
  it('guesses from script, stopwords, letters and vocabulary votes', () => {
    const g = (q: string) => guessLanguage(q, tokenize(q), ['en', 'es', 'de', 'fr', 'ru']).language;
    expect(g('палатка')).toBe('ru');
    expect(g('テント')).toBe('ja');
    expect(g('帐篷')).toBe('zh');
    expect(g('zapatos para hombre')).toBe('es');
    expect(g('schuhe für damen')).toBe('de');
    expect(g('chaussures pour femme')).toBe('fr');
    expect(g('tent')).toBe('en');
    const votes = (t: string) => (t === 'mochila' ? new Map([['es', 1]] as const) : undefined);
    expect(guessLanguage('mochila', tokenize('mochila'), ['en', 'es'], votes).language).toBe('es');
  });
});

describe('boundedEditDistance', () => {
  it('counts transpositions as one edit and cuts off', () => {
    expect(boundedEditDistance('kayak', 'kayka', 2)).toBe(1);
    expect(boundedEditDistance('kayak', 'kayac', 1)).toBe(1);
    expect(boundedEditDistance('tent', 'tnet', 1)).toBe(1);
    expect(boundedEditDistance('tent', 'backpack', 2)).toBe(3);
  });
});

describe('vocabulary folding', () => {
  const vocab = buildVocabulary(
    [
      { text: 'Sea Kayak', kind: 'catalog' },
      { text: 'Storm Rain Jacket', kind: 'catalog' },
      { text: 'Shirt', kind: 'catalog' },
      { text: 'kayaks', kind: 'query', weight: 30 },
      { text: 'kayac', kind: 'query', weight: 3 },
      { text: 'skirt', kind: 'query', weight: 2 },
      { text: 'rain jaket', kind: 'query', weight: 2 },
      { text: 'rain jackets', kind: 'query', weight: 10 },
    ],
    P,
  );
  it('folds rare typos onto more frequent store words', () => {
    expect(vocab.fold('kayac')).toBe('kayak');
    expect(vocab.fold('jaket')).toBe('jacket');
  });
  it('never folds catalog words, short tokens or onto rarer words', () => {
    expect(vocab.fold('shirt')).toBeNull();
    expect(vocab.fold('kayaks')).toBeNull();
    expect(vocab.fold('sea')).toBeNull(); // 3 letters
  });
  it('does not fold a word as frequent as its neighbor', () => {
    // "skirt" (2 searches) vs "shirt" (1 catalog use): shirt is not twice as frequent.
    expect(vocab.fold('skirt')).toBeNull();
  });
  it('gives equal keys to plurals, typos, case and word order', () => {
    const key = (q: string) => analyzeQuery(q, vocab, P).key;
    expect(key('Kayaks')).toBe(key('kayac'));
    expect(key('rain jacket')).toBe(key('Jacket, Rain'));
    expect(key('rain jaket')).toBe(key('rain jackets'));
    expect(key('😀')).toBe('');
  });
});

describe('clusterQueries', () => {
  it('merges groups that lead to the same products, not those that merely share one', () => {
    const clusters = clusterQueries(
      [
        { query: 'shoes', searches: 20, products: { a: 10, b: 8 } },
        { query: 'zapatos', searches: 5, products: { a: 3, b: 2 } },
        { query: 'socks', searches: 8, products: { s: 6, a: 1 } },
        { query: 'sock', searches: 2 },
      ],
      null,
      P,
    );
    const of = (q: string) => clusters.find((c) => c.members.some((m) => m.query === q))!.id;
    expect(of('zapatos')).toBe(of('shoes'));
    expect(of('socks')).not.toBe(of('shoes'));
    expect(of('sock')).toBe(of('socks')); // stems alike
  });
  it('is deterministic whatever the input order', () => {
    const qs = [
      { query: 'tent', searches: 5, products: { t: 4 } },
      { query: 'zelt', searches: 5, products: { t: 4 } },
      { query: 'tents', searches: 2 },
    ];
    const a = clusterQueries(qs, null, P);
    const b = clusterQueries([...qs].reverse(), null, P);
    expect(a).toEqual(b);
  });
});

describe('labeled fixture', () => {
  const set = parseLabeledQueries(readFileSync(join(__dirname, '../../../fixtures/search-queries.txt'), 'utf8'));
  it('has at least 200 labeled queries in at least 3 languages', () => {
    expect(set.queries.length).toBeGreaterThanOrEqual(200);
    const langs = new Set(set.queries.map((q) => (/\p{Script=Cyrillic}/u.test(q.query) ? 'ru' : 'latin')));
    expect(langs.has('ru')).toBe(true);
  });
  it('reaches purity >= 0.9 and pairwise F1 >= 0.8', () => {
    const vocab = buildVocabulary(vocabularyTexts(set), P);
    const clusters = clusterQueries(set.queries, vocab, P);
    const assigned = new Map(clusters.flatMap((c) => c.members.map((m) => [m.query, c.id] as [string, string])));
    const q = clusterQuality(assigned, new Map(set.queries.map((x) => [x.query.trim(), x.label])));
    expect(q.queries).toBe(set.queries.length);
    expect(q.purity).toBeGreaterThanOrEqual(0.9);
    expect(q.pairwiseF1).toBeGreaterThanOrEqual(0.8);
  });
});

describe('clusterQuality', () => {
  it('scores a perfect and a lumped clustering', () => {
    const labels = new Map([['a', 'x'], ['b', 'x'], ['c', 'y'], ['d', 'y']]);
    expect(clusterQuality(new Map([['a', '1'], ['b', '1'], ['c', '2'], ['d', '2']]), labels)).toMatchObject({ purity: 1, pairwiseF1: 1 });
    const lumped = clusterQuality(new Map([['a', '1'], ['b', '1'], ['c', '1'], ['d', '1']]), labels);
    expect(lumped.purity).toBe(0.5);
    expect(lumped.pairwisePrecision).toBeCloseTo(2 / 6);
    expect(lumped.pairwiseRecall).toBe(1);
  });
});
