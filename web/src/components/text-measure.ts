import type { Measure } from './flow-labels';

/** Text widths in the font of `el` at 12 px (canvas measureText), cached. */
export function createMeasure(el: Element | null): Measure {
  const family = el ? getComputedStyle(el).fontFamily : 'sans-serif';
  const ctx = document.createElement('canvas').getContext('2d');
  const cache = new Map<string, number>();
  return (text, bold = false) => {
    const key = `${bold ? 1 : 0}${text}`;
    let w = cache.get(key);
    if (w === undefined) {
      if (ctx) {
        ctx.font = `${bold ? 600 : 400} 12px ${family}`;
        w = ctx.measureText(text).width;
      } else w = text.length * 7;
      cache.set(key, w);
    }
    return w;
  };
}
