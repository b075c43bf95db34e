/**
 * Quick feedback answers per journey step: how many shoppers answered on the cart, a product
 * page, checkout…, how the answers lean, what they talk about, and how many of those visits
 * ended without a purchase. Pure.
 */
import { stepOrder, type JourneyStep } from '../../ml/data/journey-step';
import { stepName } from '../api-contract/step-names';
import type { StepFeedback } from '../api-contract/review-insights';
import { examples, headlineAspect, sentimentCounts, topAspects, type AnalyzedText } from './text-summary';

export interface FeedbackAnswer extends AnalyzedText {
  step: JourneyStep;
  /** The visit ended without a purchase; null while the answer has no journey yet. */
  leftWithoutBuying: boolean | null;
}

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function stepFeedback(step: JourneyStep, answers: readonly FeedbackAnswer[]): StepFeedback {
  const sentiment = sentimentCounts(answers);
  const aspects = topAspects(answers);
  const left = answers.filter((a) => a.leftWithoutBuying === true).length;
  const known = answers.filter((a) => a.leftWithoutBuying !== null).length;
  const n = answers.length;
  const parts = [`${n.toLocaleString('en-US')} ${n === 1 ? 'answer' : 'answers'}${sentiment.negative ? `, ${sentiment.negative.toLocaleString('en-US')} negative` : ''}`];
  const head = headlineAspect(aspects);
  if (head) parts.push(`most mention ${head.name} (${head.mentions.toLocaleString('en-US')}, ${head.mostly === 'mixed' ? 'mixed' : `mostly ${head.mostly}`})`);
  if (known) parts.push(`${left.toLocaleString('en-US')} of ${known.toLocaleString('en-US')} of these shoppers left without buying`);
  return {
    step,
    answers: n,
    leftWithoutBuying: left,
    sentiment,
    topAspects: aspects,
    examples: examples(answers, 3),
    summary: `${capitalized(stepName(step))}: ${parts.join('; ')}.`,
  };
}

/** One entry per step that has answers, in funnel order. */
export function feedbackBySteps(answers: readonly FeedbackAnswer[]): StepFeedback[] {
  const by = new Map<JourneyStep, FeedbackAnswer[]>();
  for (const a of answers) (by.get(a.step) ?? by.set(a.step, []).get(a.step)!).push(a);
  return [...by].sort((a, b) => stepOrder(a[0]) - stepOrder(b[0])).map(([step, list]) => stepFeedback(step, list));
}
