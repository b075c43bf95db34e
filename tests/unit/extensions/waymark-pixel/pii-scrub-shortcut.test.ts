/**
 * scrubText's and scrubPath's shortcuts (plainlyClean, extensions/waymark-pixel/src/pii-scrub.ts)
 * skip the masks for text none of them could change. Checked against the full scrub on seeded random
 * text built from the pieces the masks look for, near their thresholds (7 and 8 digits,
 * separators, personal keys, `@`, `%`-encoding), so a rule that one day needs less than
 * the shortcut assumes shows up here.
 */
import { describe, expect, it } from 'vitest';
import { plainlyClean, scrubPath, scrubPathFully, scrubText, scrubTextFully } from '../../../../extensions/waymark-pixel/src/pii-scrub';
import { seededRandom } from '../../../../ml/random/seeded';

const PIECES = [
  '/', '?', '#', 'orders', 'Checkouts', 'account', 'pay', 'products/',
  '1', '23', '456', '7890', '12345', '+', '+44 ', '(', ')', ' ', '-', '.', '/', '_', 'a', 'Kayak', 'ünï', '日本',
  'email', 'phone', 'name', 'tel', 'zip', 'billing_x', '=', ':', ': ', '@', '%40', '%2540', '%', 'x.com', '#1001', '2026-12-06',
];

function randomText(rand: () => number): string {
  const n = 1 + Math.floor(rand() * 9);
  let s = '';
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(rand() * PIECES.length)];
  return s;
}

describe('scrubText shortcut', () => {
  it('gives the same answer as the full scrub on 50,000 random texts', () => {
    const rand = seededRandom(20261206);
    let shortcut = 0;
    let changed = 0;
    for (let i = 0; i < 50_000; i++) {
      const text = randomText(rand);
      const full = scrubTextFully(text);
      expect(scrubText(text), text).toBe(full);
      expect(scrubPath(text), text).toBe(scrubPathFully(text));
      if (plainlyClean(text)) shortcut++;
      if (full !== text) changed++;
    }
    // The sample exercises both sides: many texts take the shortcut, many are masked.
    expect(shortcut).toBeGreaterThan(5_000);
    expect(changed).toBeGreaterThan(1_000);
  });

  it('takes the shortcut only below every rule’s threshold', () => {
    expect(plainlyClean('/products/blue-kayak-2026')).toBe(true);
    expect(plainlyClean('555-1234')).toBe(true); // 7 digits: no rule masks it
    expect(plainlyClean('555-123-4567')).toBe(false);
    expect(plainlyClean('a@b.co')).toBe(false);
    expect(plainlyClean('email=x')).toBe(false);
    expect(plainlyClean('name: Ada')).toBe(false);
    expect(plainlyClean('%41')).toBe(false);
    expect(scrubText('call 555 123 4567')).toBe('call [phone]');
  });
});
