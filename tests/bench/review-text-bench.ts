/**
 * `npm run bench -- --only review-text` (or `npx tsx tests/bench/review-text-bench.ts` for the
 * figures alone): sentiment accuracy and aspect precision/recall/F1 of the analyzer (the lexicon,
 * ml/text/sentiment.ts, read by the learned model, ml/text/text-sentiment.ts; aspects,
 * ml/text/aspects.ts) on the labeled fixtures, per language and per kind (review, feedback), the
 * lexicon's own sentiment accuracy beside it, and the time per text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeReviewText } from '../../ml/text/aspects';
import { parseLabeledTexts, reviewQualityByLanguage, type LabeledText, type ReviewQuality } from '../../ml/text/review-eval';
import { sentimentOf } from '../../ml/text/sentiment';
import { REPO_ROOT } from '../../app/paths';

export const REVIEW_FIXTURE = 'tests/fixtures/review-texts.txt';
/** Written after the lexicons were frozen and never used to change them; used to choose the model's features, then trained on. */
export const REVIEW_HOLDOUT = 'tests/fixtures/review-texts-holdout.txt';
/** Written before the model was built and never trained on nor used for choosing: the estimate for new text. */
export const REVIEW_HOLDOUT_2 = 'tests/fixtures/review-texts-holdout-2.txt';
export const REVIEW_HOLDOUT_3 = 'tests/fixtures/review-texts-holdout-3.txt';

type Quality = ReviewQuality & { lexiconAccuracy: number };

/** Per language (and `all`): the analyzer's quality and the lexicon's sentiment accuracy alone. */
function qualityWithLexicon(texts: readonly LabeledText[]): Record<string, Quality> {
  const out: Record<string, Quality> = {};
  for (const [lang, q] of Object.entries(reviewQualityByLanguage(texts))) {
    const set = texts.filter((t) => lang === 'all' || t.language === lang);
    out[lang] = { ...q, lexiconAccuracy: set.filter((t) => sentimentOf(t.text).label === t.sentiment).length / set.length };
  }
  return out;
}

export async function benchReviewText(log: (m: string) => void) {
  const texts = parseLabeledTexts(readFileSync(join(REPO_ROOT, REVIEW_FIXTURE), 'utf8'));
  log(`${texts.length} labeled texts…`);
  const byLanguage = qualityWithLexicon(texts);
  const holdout = qualityWithLexicon(parseLabeledTexts(readFileSync(join(REPO_ROOT, REVIEW_HOLDOUT), 'utf8')));
  const holdout2 = qualityWithLexicon(parseLabeledTexts(readFileSync(join(REPO_ROOT, REVIEW_HOLDOUT_2), 'utf8')));
  const holdout3 = qualityWithLexicon(parseLabeledTexts(readFileSync(join(REPO_ROOT, REVIEW_HOLDOUT_3), 'utf8')));
  const byKind = { review: qualityWithLexicon(texts.filter((t) => t.kind === 'review')).all, feedback: qualityWithLexicon(texts.filter((t) => t.kind === 'feedback')).all };
  const long = 'The fit is fine but the zipper broke and shipping was slow. '.repeat(100);
  const t0 = performance.now();
  const rounds = 20;
  for (let i = 0; i < rounds; i++) for (const t of texts) analyzeReviewText(t.text);
  const msPerText = (performance.now() - t0) / (rounds * texts.length);
  const t1 = performance.now();
  for (let i = 0; i < rounds; i++) analyzeReviewText(long);
  const msPerLongText = (performance.now() - t1) / rounds;
  return { fixture: REVIEW_FIXTURE, holdoutFixture: REVIEW_HOLDOUT, holdout2Fixture: REVIEW_HOLDOUT_2, holdout3Fixture: REVIEW_HOLDOUT_3, texts: texts.length, byLanguage, holdout, holdout2, holdout3, byKind, msPerText: round(msPerText, 3), msPerLongText: round(msPerLongText, 2), longChars: long.length };
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

export function reviewTextMarkdown(r: Awaited<ReturnType<typeof benchReviewText>>): string {
  const f = (x: number) => x.toFixed(3);
  const row = (name: string, q: Quality) =>
    `| ${name} | ${q.texts} | ${f(q.sentimentAccuracy)} | ${f(q.lexiconAccuracy)} | ${f(q.aspectPrecision)} | ${f(q.aspectRecall)} | ${f(q.aspectF1)} |`;
  const head = ['| texts | n | sentiment accuracy | lexicon alone | aspect precision | aspect recall | aspect F1 |', '|---|---|---|---|---|---|---|'];
  const rows = (by: Record<string, Quality>) => Object.entries(by).map(([lang, q]) => row(lang === 'all' ? '**all**' : lang, q));
  return [
    `**New text:** \`${r.holdout2Fixture}\`, written and labeled before the sentiment model was built, never trained on nor used for choosing. Goal: English sentiment accuracy ≥ 0.85.`,
    '',
    ...head,
    ...rows(r.holdout2),
    '',
    `**Other languages, new text:** \`${r.holdout3Fixture}\`, 30 German, Spanish and French texts each, written and labeled after the model was trained and before anything ran on them; never trained on.`,
    '',
    ...head,
    ...rows(r.holdout3),
    '',
    `Training texts of the sentiment model (so not an estimate for new text): the development fixture \`${r.fixture}\` (${r.texts} texts; the lexicons were tuned on its misses)`,
    '',
    ...head,
    ...rows(r.byLanguage),
    row('reviews', r.byKind.review),
    row('feedback answers', r.byKind.feedback),
    '',
    `and the first held-out fixture \`${r.holdoutFixture}\` (written after the lexicons were frozen; used to choose the model's features with a model trained on the development fixture alone, then trained on).`,
    '',
    ...head,
    ...rows(r.holdout),
    '',
    `Time: ${r.msPerText} ms per fixture text; ${r.msPerLongText} ms for a ${r.longChars.toLocaleString('en-US')}-character text (cut to 5,000 before analysis).`,
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  benchReviewText((m) => console.error(m)).then((r) => console.log(reviewTextMarkdown(r)));
}
