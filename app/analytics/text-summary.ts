/**
 * Summaries of many analyzed texts (reviews or feedback answers): sentiment counts, the aspects
 * they mention most with how those mentions lean, and a couple of short examples. Pure.
 */
import { ASPECT_NAMES, type Aspect } from '../../ml/text/aspect-lexicon';
import type { TextAnalysis } from '../../ml/text/aspects';
import type { AspectSummary, SentimentCounts } from '../api-contract/review-insights';

export interface AnalyzedText {
  text: string;
  analysis: TextAnalysis;
}

/** Examples are shown cut to this many characters. */
export const EXAMPLE_CHARS = 160;

export function sentimentCounts(texts: readonly AnalyzedText[]): SentimentCounts {
  const out = { positive: 0, neutral: 0, negative: 0 };
  for (const t of texts) out[t.analysis.sentiment.label]++;
  return out;
}

/** Aspects by mentions (ties: more negative first), at most `max`. */
export function topAspects(texts: readonly AnalyzedText[], max = 3): AspectSummary[] {
  const by = new Map<Aspect, { positive: number; negative: number; neutral: number }>();
  for (const t of texts) {
    for (const m of t.analysis.aspects) {
      const c = by.get(m.aspect) ?? by.set(m.aspect, { positive: 0, negative: 0, neutral: 0 }).get(m.aspect)!;
      c[m.sentiment]++;
    }
  }
  return [...by]
    .map(([aspect, c]) => {
      const mentions = c.positive + c.negative + c.neutral;
      const mostly: AspectSummary['mostly'] = c.negative / mentions >= 0.5 ? 'negative' : c.positive / mentions >= 0.5 ? 'positive' : 'mixed';
      return { aspect, name: ASPECT_NAMES[aspect], mentions, share: texts.length ? mentions / texts.length : 0, ...c, mostly };
    })
    .sort((a, b) => b.mentions - a.mentions || b.negative - a.negative || a.aspect.localeCompare(b.aspect))
    .slice(0, max);
}

/** The aspect to headline: the most mentioned one that leans negative, else the most mentioned. */
export function headlineAspect(aspects: readonly AspectSummary[]): AspectSummary | undefined {
  return aspects.find((a) => a.mostly === 'negative') ?? aspects[0];
}

/** "38% of its 24 reviews mention size and fit, mostly negative" */
export function aspectSentence(a: AspectSummary, total: number, noun: string): string {
  const lean = a.mostly === 'mixed' ? 'with mixed feelings' : `mostly ${a.mostly}`;
  return `${Math.round(a.share * 100)}% of its ${total.toLocaleString('en-US')} ${noun} mention ${a.name}, ${lean}`;
}

/** Up to `max` short examples, the negative ones first (what a merchant can act on). */
export function examples(texts: readonly AnalyzedText[], max = 2): Array<{ text: string; sentiment: 'positive' | 'neutral' | 'negative' }> {
  const order = { negative: 0, neutral: 1, positive: 2 };
  return [...texts]
    .filter((t) => t.text.trim())
    .sort((a, b) => order[a.analysis.sentiment.label] - order[b.analysis.sentiment.label] || a.analysis.sentiment.score - b.analysis.sentiment.score)
    .slice(0, max)
    .map((t) => ({ text: cut(t.text), sentiment: t.analysis.sentiment.label }));
}

function cut(text: string): string {
  const chars = [...text.trim()];
  return chars.length > EXAMPLE_CHARS ? `${chars.slice(0, EXAMPLE_CHARS - 1).join('')}…` : chars.join('');
}
