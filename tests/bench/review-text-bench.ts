/**
 * `npm run bench -- --only review-text` (or `npx tsx tests/bench/review-text-bench.ts` for the
 * figures alone): sentiment accuracy and aspect precision/recall/F1 of the lexicon analyzer
 * (ml/text/sentiment.ts, ml/text/aspects.ts) on the labeled fixture tests/fixtures/review-texts.txt,
 * per language and per kind (review, feedback), and the time per text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeReviewText } from '../../ml/text/aspects';
import { parseLabeledTexts, reviewQuality, reviewQualityByLanguage, type ReviewQuality } from '../../ml/text/review-eval';
import { REPO_ROOT } from '../../app/paths';

export const REVIEW_FIXTURE = 'tests/fixtures/review-texts.txt';
/** Written after the lexicons were frozen and never used to change them. */
export const REVIEW_HOLDOUT = 'tests/fixtures/review-texts-holdout.txt';

export async function benchReviewText(log: (m: string) => void) {
  const texts = parseLabeledTexts(readFileSync(join(REPO_ROOT, REVIEW_FIXTURE), 'utf8'));
  log(`${texts.length} labeled texts…`);
  const byLanguage = reviewQualityByLanguage(texts);
  const holdout = reviewQualityByLanguage(parseLabeledTexts(readFileSync(join(REPO_ROOT, REVIEW_HOLDOUT), 'utf8')));
  const byKind = { review: reviewQuality(texts.filter((t) => t.kind === 'review')), feedback: reviewQuality(texts.filter((t) => t.kind === 'feedback')) };
  const long = 'The fit is fine but the zipper broke and shipping was slow. '.repeat(100);
  const t0 = performance.now();
  const rounds = 20;
  for (let i = 0; i < rounds; i++) for (const t of texts) analyzeReviewText(t.text);
  const msPerText = (performance.now() - t0) / (rounds * texts.length);
  const t1 = performance.now();
  for (let i = 0; i < rounds; i++) analyzeReviewText(long);
  const msPerLongText = (performance.now() - t1) / rounds;
  return { fixture: REVIEW_FIXTURE, holdoutFixture: REVIEW_HOLDOUT, texts: texts.length, byLanguage, holdout, byKind, msPerText: round(msPerText, 3), msPerLongText: round(msPerLongText, 2), longChars: long.length };
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

export function reviewTextMarkdown(r: Awaited<ReturnType<typeof benchReviewText>>): string {
  const f = (x: number) => x.toFixed(3);
  const row = (name: string, q: ReviewQuality) => `| ${name} | ${q.texts} | ${f(q.sentimentAccuracy)} | ${f(q.aspectPrecision)} | ${f(q.aspectRecall)} | ${f(q.aspectF1)} |`;
  return [
    `Development fixture \`${r.fixture}\`: ${r.texts} review and feedback texts (the lexicons were tuned while looking at its misses). Goal: English sentiment accuracy ≥ 0.85.`,
    '',
    '| texts | n | sentiment accuracy | aspect precision | aspect recall | aspect F1 |',
    '|---|---|---|---|---|---|',
    ...Object.entries(r.byLanguage).map(([lang, q]) => row(lang === 'all' ? '**all**' : lang, q)),
    row('reviews', r.byKind.review),
    row('feedback answers', r.byKind.feedback),
    '',
    `Held-out fixture \`${r.holdoutFixture}\`: written after the lexicons were frozen, never used to change them (the estimate for new text).`,
    '',
    '| texts | n | sentiment accuracy | aspect precision | aspect recall | aspect F1 |',
    '|---|---|---|---|---|---|',
    ...Object.entries(r.holdout).map(([lang, q]) => row(lang === 'all' ? '**all**' : lang, q)),
    '',
    `Time: ${r.msPerText} ms per fixture text; ${r.msPerLongText} ms for a ${r.longChars.toLocaleString('en-US')}-character text (cut to 5,000 before analysis).`,
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  benchReviewText((m) => console.error(m)).then((r) => console.log(reviewTextMarkdown(r)));
}
