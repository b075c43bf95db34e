import { describe, expect, it } from 'vitest';
import { analyzeReviewText } from '../../../../ml/text/aspects';
import { feedbackBySteps, type FeedbackAnswer } from '../../../../app/analytics/feedback-steps';
import type { JourneyStep } from '../../../../ml/data/journey-step';

const answer = (text: string, step: JourneyStep, leftWithoutBuying: boolean | null): FeedbackAnswer => ({ text, analysis: analyzeReviewText(text), step, leftWithoutBuying });

describe('feedbackBySteps', () => {
  it('groups answers by the step they were given on, in funnel order, in plain words', () => {
    const steps = feedbackBySteps([
      answer('Shipping costs are too high', 'cart', true),
      answer('Delivery to Canada takes weeks, too slow', 'cart', true),
      answer('Love the store', 'cart', false),
      answer("Can't find a size chart", 'product', true),
      answer('Just browsing', 'product', null),
    ]);
    expect(steps.map((s) => s.step)).toEqual(['product', 'cart']);
    const cart = steps[1];
    expect(cart).toMatchObject({ answers: 3, leftWithoutBuying: 2, sentiment: { negative: 2, positive: 1, neutral: 0 } });
    expect(cart.topAspects[0]).toMatchObject({ aspect: 'shipping', mentions: 2, mostly: 'negative' });
    expect(cart.summary).toBe('Cart: 3 answers, 2 negative; most mention shipping (2, mostly negative); 2 of 3 of these shoppers left without buying.');
    expect(steps[0].summary).toContain('1 of 1 of these shoppers left without buying');
  });

  it('handles no answers and bad answers without breaking', () => {
    expect(feedbackBySteps([])).toEqual([]);
    const steps = feedbackBySteps(['', '🤔', 'مرحبا', 'ok '.repeat(100_000), '中文 mixed текст'].map((t) => answer(t, 'checkout', null)));
    expect(steps).toHaveLength(1);
    expect(steps[0].answers).toBe(5);
    expect(steps[0].summary.startsWith('Checkout: 5 answers')).toBe(true);
    expect(steps[0].examples.length).toBeLessThanOrEqual(3);
  });
});
