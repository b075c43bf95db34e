/**
 * Trains the review sentiment model (ml/text/sentiment-model.ts) and writes its weights to
 * ml/text/sentiment-model.json:  npx tsx scripts/train-sentiment-model.ts [--check]
 *
 * Training texts: the labeled fixtures tests/fixtures/review-texts.txt (development) and
 * review-texts-holdout.txt (first held-out set; it was used to choose the features and the
 * options below, with a model trained on the development fixture alone, printed first).
 * tests/fixtures/review-texts-holdout-2.txt and review-texts-holdout-3.txt (German, Spanish,
 * French) are never trained on: they are the estimate for new text.
 * Rerun after changing the lexicons (the lexicon score is one of the model's features).
 * --check prints the figures without writing the file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLabeledTexts, type LabeledText } from '../ml/text/review-eval';
import { splitReview } from '../ml/text/review-text';
import { sentimentOfSplit } from '../ml/text/sentiment';
import { DEFAULT_TRAIN, predictSentiment, sentimentFeatures, trainSentimentModel, type SentimentModel } from '../ml/text/sentiment-model';

const ROOT = join(import.meta.dirname, '..');
const TRAIN = ['tests/fixtures/review-texts.txt', 'tests/fixtures/review-texts-holdout.txt'];
const OUT = 'ml/text/sentiment-model.json';

const read = (file: string) => parseLabeledTexts(readFileSync(join(ROOT, file), 'utf8'));
const example = (t: LabeledText) => {
  const split = splitReview(t.text);
  return { features: sentimentFeatures(split, sentimentOfSplit(split).score), label: t.sentiment, language: t.language };
};

function accuracy(model: SentimentModel, texts: readonly LabeledText[], language?: string): string {
  const set = texts.filter((t) => !language || t.language === language).map(example);
  const right = set.filter((e) => predictSentiment(model, e.features).label === e.label).length;
  return `${right}/${set.length} = ${(right / set.length).toFixed(3)}`;
}

const [dev, holdout] = TRAIN.map(read);
const devOnly = trainSentimentModel(dev.map(example), TRAIN[0]);
console.log(`trained on ${TRAIN[0]} alone: held-out ${TRAIN[1]} English ${accuracy(devOnly, holdout, 'en')}, all ${accuracy(devOnly, holdout)}`);
const model = trainSentimentModel([...dev, ...holdout].map(example), `${TRAIN.join(' + ')}; ${JSON.stringify(DEFAULT_TRAIN)}`);
console.log(`final model: ${Object.keys(model.weights).length} features; training accuracy ${accuracy(model, [...dev, ...holdout])}`);
if (!process.argv.includes('--check')) {
  // One feature per line, so a retraining's diff is readable.
  const lines = Object.entries(model.weights).map(([k, w]) => `    ${JSON.stringify(k)}: ${JSON.stringify(w)}`);
  writeFileSync(join(ROOT, OUT), `{\n  "trainedOn": ${JSON.stringify(model.trainedOn)},\n  "weights": {\n${lines.join(',\n')}\n  }\n}\n`);
  console.log(`wrote ${OUT}`);
}
