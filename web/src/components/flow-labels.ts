/**
 * Where the flow chart's labels go, so that none overlaps another. Pure: the caller gives
 * the node boxes and a text measurer (canvas in the browser).
 *
 * Every label sits to the right of its node, inside the gap before the next column (the
 * last column has a margin of its own), so labels of neighboring columns never meet.
 * Within a column, labels are placed top to bottom: a name too wide for the gap is elided
 * (the full name stays in the node's tooltip and screen-reader text); a label that would
 * run into the one above is left out; a second line ("44% leave") is added only where it
 * fits before the next node's label.
 */

export interface LabelBox {
  id: string;
  x1: number;
  y0: number;
  y1: number;
  name: string;
  value: string;
  /** A second, smaller line, when there is room. */
  note?: string;
}

export interface PlacedLabel {
  id: string;
  x: number;
  y: number;
  name: string;
  value: string;
  /** The number goes on the second line (the name alone fills the first). */
  valueBelow: boolean;
  note?: string;
  /** The name was shortened to fit. */
  elided: boolean;
}

export type Measure = (text: string, bold?: boolean) => number;

export const LINE = 15;
const GAP = 6;

/** `name` shortened with "…" until `measure(name) <= width`; '' when not even one letter fits. */
export function elide(name: string, width: number, measure: Measure, bold = true): string {
  if (measure(name, bold) <= width) return name;
  let lo = 0;
  let hi = name.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(`${name.slice(0, mid).trimEnd()}…`, bold) <= width) lo = mid;
    else hi = mid - 1;
  }
  return lo === 0 ? '' : `${name.slice(0, lo).trimEnd()}…`;
}

/**
 * Labels for nodes grouped by column (`columns[i]` holds the nodes whose left edge is the
 * i-th column's), given each column's right limit for its labels and the y below which
 * labels may start.
 */
export function placeLabels(columns: LabelBox[][], limits: number[], top: number, measure: Measure): PlacedLabel[] {
  const out: PlacedLabel[] = [];
  columns.forEach((col, c) => {
    const sorted = [...col].sort((a, b) => a.y0 - b.y0);
    let bottom = top;
    sorted.forEach((n, i) => {
      const x = n.x1 + GAP;
      const width = limits[c] - x;
      const cy = (n.y0 + n.y1) / 2;
      const firstTop = cy - LINE / 2;
      if (firstTop < bottom || width <= 0) return;
      const next = sorted[i + 1];
      const nextTop = next ? (next.y0 + next.y1) / 2 - LINE / 2 : Infinity;
      const twoLines = n.y1 - n.y0 >= 24 && firstTop + 2 * LINE <= nextTop;
      const valueWidth = measure(` ${n.value}`);
      const nameWidth = measure(n.name, true);
      // A name too long for one line with its number: the number moves to the second line
      // (before the note) when there is room; otherwise the name is elided.
      const below = twoLines && nameWidth > width - valueWidth && nameWidth <= width && measure(n.note ? `${n.value} · ${n.note}` : n.value) <= width;
      const name = below ? n.name : elide(n.name, width - valueWidth, measure);
      if (!name) return;
      const note = n.note && twoLines && measure(below ? `${n.value} · ${n.note}` : n.note, false) <= width ? n.note : undefined;
      out.push({ id: n.id, x, y: cy, name, value: n.value, valueBelow: below, note, elided: name !== n.name });
      const lines = below || note ? 2 : 1;
      bottom = firstTop + lines * LINE + 1;
    });
  });
  return out;
}

/** "1st", "2nd", "3rd", "4th", … */
export function ordinal(n: number): string {
  const t = n % 100;
  if (t >= 11 && t <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}
