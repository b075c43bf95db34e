/**
 * The flow chart's vocabulary, shared by the chart, its phone list and the journey map's
 * table: node colors, names, column headings and the text a screen reader says. The flow's
 * shape is the API's own (app/api-contract/analytics.ts).
 */
import type { FlowAnswer, FlowNode } from '../../../app/api-contract/analytics';
import { fmtInt, fmtPct, stepLabel } from '../format';
import { ordinalNumber, t, tn } from '../i18n';
import { ordinal } from './flow-labels';

export type { FlowNode };
export type Flow = FlowAnswer;

const STEP_COLORS: Record<string, string> = {
  home: '#5c6ac4',
  landing: '#5c6ac4',
  collection: '#47c1bf',
  search: '#9c6ade',
  product: '#006fbb',
  cart: '#f49342',
  checkout: '#eec200',
  checkout_contact: '#eec200',
  checkout_address: '#eec200',
  checkout_shipping: '#eec200',
  checkout_payment: '#eec200',
  purchase: '#108043',
  other: '#8c9196',
};

export function nodeColor(n: Pick<FlowNode, 'kind' | 'step'>): string {
  if (n.kind === 'exit') return '#d82c0d';
  if (n.kind === 'entry') return '#637381';
  if (n.kind === 'other') return '#b5b5b5';
  return STEP_COLORS[n.step ?? 'other'] ?? '#8c9196';
}

/** Sort order within a column: page types, then "Other", then exit / entry. */
export const kindRank = (n: FlowNode) => (n.kind === 'step' ? 0 : n.kind === 'other' ? 1 : 2);

/** The checkout node of a page-type flow whose checkout steps are folded into it. */
export const foldedCheckout = (n: FlowNode, flow: Flow) =>
  n.kind === 'step' && n.step === 'checkout' && flow.detail !== 'item' && flow.checkout === 'fold';

/** The node's name in the admin's words (one vocabulary for page types across views). */
export function nodeName(n: FlowNode, flow: Flow): string {
  if (n.kind === 'step' && flow.detail !== 'item' && n.step) return stepLabel(n.step);
  return n.label;
}

/** The heading of a column: "1st page", …; "Purchase", "1 page before", … for end anchors. */
export function columnHeading(position: number, anchor: Flow['anchor'], short = false): string {
  if (anchor === 'start') return t(short ? 'column.nthShort' : 'column.nth', { n: ordinalNumber(position + 1, ordinal) });
  if (position === 0) return t(anchor === 'purchase' ? 'column.purchase' : 'column.lastPage');
  const k = -position;
  return short ? `−${k}` : tn('column.before', k);
}

/** What a screen reader says for a node, and what its tooltip shows. */
export function nodeDescription(n: FlowNode, flow: Flow): string {
  const where = columnHeading(n.position, flow.anchor);
  const name = nodeName(n, flow);
  if (n.kind === 'exit') return t('node.exit', { where, count: fmtInt(n.sessions) });
  if (n.kind === 'entry') return t('node.entry', { where, count: fmtInt(n.sessions) });
  let s = t('node.step', { where, name, sessions: fmtInt(n.sessions), purchases: fmtInt(n.purchases) });
  if (flow.anchor === 'start' && n.exits > 0 && n.step !== 'purchase') s += t('node.leftHere', { exits: fmtInt(n.exits), rate: fmtPct(n.dropOffRate) });
  if (n.kind === 'other' && n.expandable) s += t('node.pressMore');
  else if (foldedCheckout(n, flow)) s += t('node.pressCheckout');
  return s;
}
