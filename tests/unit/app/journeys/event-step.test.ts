import { describe, expect, it } from 'vitest';
import { eventStep, withStep } from '../../../../app/journeys/event-step';

describe('eventStep', () => {
  it('reads the step stored at ingest, even where the rules would now say otherwise', () => {
    expect(eventStep({ name: 'page_viewed', path: '/products/x', step: 'product' })).toBe('product');
    expect(eventStep({ name: 'page_viewed', path: '/', step: 'collection' })).toBe('collection');
  });

  it('classifies a row stored without a step with the rule ingest uses', () => {
    expect(eventStep({ name: 'page_viewed', path: '/cart', step: null })).toBe('cart');
    expect(eventStep({ name: 'checkout_completed' })).toBe('purchase');
    expect(withStep({ name: 'product_viewed', ts: 1 })).toEqual({ name: 'product_viewed', ts: 1, step: 'product' });
  });
});
