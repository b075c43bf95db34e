/**
 * Sankey data for the journey map. Pure.
 *
 * Input: positioned links (position p, node, next node | END | MORE), as produced from
 * path counts (step level, `linksFromPaths`) or read from the detail-level roll-up. Every
 * session at (p, node) contributes exactly one link, so a node's volume is the sum of its
 * outgoing links, and the sessions at position 0 are all sessions.
 *
 * Per position the `top` largest nodes are shown; the rest are grouped into one
 * "other" node (id `<p>:other`, label "Other (N)") that the caller can EXPAND: each
 * `expand` entry for position p shows `expandBy` more of its members. Links between
 * shown nodes are exact sums of the underlying links.
 *
 * Anchors: `start` reads positions forward from the first step; `purchase` / `exit` read
 * paths reversed from the outcome (position 0 = the purchase or the last step) and are
 * returned with negative positions (-7 … 0) and links pointing forward in time.
 * At the path boundary a node links to an `exit` node (start anchor: the session ended),
 * or from an `entry` node (end anchors: the session started there). MORE (the path was
 * cut at the depth) is reported as `continuing` / `earlier`, not as exit / entry.
 */
import { END, MORE, nodeItemId, nodeStep, type FlowAnchor } from './rollup-shapes';
import type { Flow, FlowLink, FlowNode } from '../api-contract/analytics';

export interface FlowLinkInput {
  position: number;
  from: string;
  to: string;
  sessions: number;
  purchases: number;
}

export interface FlowOptions {
  anchor: FlowAnchor;
  /** Nodes shown per position before grouping (default 6). */
  top?: number;
  /** Positions (as returned, e.g. 2 or -3) whose "other" group to expand; repeat to expand further. */
  expand?: number[];
  /** Extra nodes revealed per expansion (default 10). */
  expandBy?: number;
  /** Max positions (default 8). */
  depth?: number;
  /** Display label for a node key (e.g. product titles). Default: the key. */
  label?: (node: string) => string;
}

const CHECKOUT_STEPS = new Set(['checkout', 'checkout_contact', 'checkout_address', 'checkout_shipping', 'checkout_payment']);

/**
 * A run of consecutive checkout steps (checkout, contact, address, shipping, payment) as one
 * `checkout` step: every buyer passes them, so on their own they fill the chart's columns.
 * A path cut at the depth (MORE) stays cut: the columns it no longer fills are "continuing".
 */
export function foldCheckout(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    if (CHECKOUT_STEPS.has(t)) {
      if (out[out.length - 1] !== 'checkout') out.push('checkout');
    } else out.push(t);
  }
  return out;
}

/** Step-level links from path counts. Tail keys are stored in time order and reversed here. */
export function linksFromPaths(
  rows: ReadonlyArray<{ key: string; sessions: number; purchases: number }>,
  reversed: boolean,
  opts: { foldCheckout?: boolean } = {},
): FlowLinkInput[] {
  const acc = new Map<string, FlowLinkInput>();
  for (const r of rows) {
    if (r.sessions === 0) continue;
    let tokens = r.key ? r.key.split(' ') : ['other'];
    if (opts.foldCheckout) tokens = foldCheckout(tokens);
    if (reversed) tokens = tokens.reverse();
    const more = tokens[tokens.length - 1] === MORE;
    if (more) tokens.pop();
    tokens.forEach((from, p) => {
      const to = p + 1 < tokens.length ? tokens[p + 1] : more ? MORE : END;
      const id = `${p}\u0001${from}\u0001${to}`;
      let l = acc.get(id);
      if (!l) acc.set(id, (l = { position: p, from, to, sessions: 0, purchases: 0 }));
      l.sessions += r.sessions;
      l.purchases += r.purchases;
    });
  }
  return [...acc.values()];
}

export function buildFlow(links: readonly FlowLinkInput[], opts: FlowOptions): Flow {
  const top = Math.max(1, opts.top ?? 6);
  const expandBy = Math.max(1, opts.expandBy ?? 10);
  const depth = Math.max(1, opts.depth ?? 8);
  const sign = opts.anchor === 'start' ? 1 : -1;
  const label = opts.label ?? ((n: string) => n);

  // Volume per (position, node).
  const volume: Array<Map<string, { sessions: number; purchases: number; exits: number; continuing: number }>> = [];
  for (const l of links) {
    if (l.position >= depth) continue;
    const col = (volume[l.position] ??= new Map());
    let v = col.get(l.from);
    if (!v) col.set(l.from, (v = { sessions: 0, purchases: 0, exits: 0, continuing: 0 }));
    v.sessions += l.sessions;
    v.purchases += l.purchases;
    if (l.to === END) v.exits += l.sessions;
    else if (l.to === MORE || l.position + 1 >= depth) v.continuing += l.sessions;
  }

  // Which nodes are shown at each position; the rest map to `<p>:other`.
  const expansions = new Map<number, number>();
  for (const p of opts.expand ?? []) expansions.set(p * sign, (expansions.get(p * sign) ?? 0) + 1);
  const shownId: Array<Map<string, string>> = [];
  const nodes = new Map<string, FlowNode>();
  volume.forEach((col, p) => {
    if (!col) return;
    const ranked = [...col.entries()].sort((a, b) => b[1].sessions - a[1].sessions || (a[0] < b[0] ? -1 : 1));
    const limit = top + (expansions.get(p) ?? 0) * expandBy;
    // Grouping a single node would hide nothing: show it.
    const keep = ranked.length <= limit + 1 ? ranked.length : limit;
    const map = (shownId[p] = new Map());
    ranked.forEach(([node, v], i) => {
      const grouped = i >= keep;
      const id = grouped ? `${p * sign}:other` : `${p * sign}:${node}`;
      map.set(node, id);
      let n = nodes.get(id);
      if (!n) {
        n = grouped
          ? { id, position: p * sign, kind: 'other', step: null, node: null, itemId: null, label: '', sessions: 0, purchases: 0, exits: 0, dropOffRate: 0, continuing: 0, members: 0, expandable: true }
          : { id, position: p * sign, kind: 'step', step: nodeStep(node), node, itemId: nodeItemId(node) ?? null, label: label(node), sessions: 0, purchases: 0, exits: 0, dropOffRate: 0, continuing: 0 };
        nodes.set(id, n);
      }
      n.sessions += v.sessions;
      n.purchases += v.purchases;
      n.exits += v.exits;
      n.continuing += v.continuing;
      if (grouped) n.members! += 1;
    });
  });
  for (const n of nodes.values()) {
    n.dropOffRate = n.sessions ? n.exits / n.sessions : 0;
    if (n.kind === 'other') n.label = `Other (${n.members})`;
  }

  // Links between shown nodes, plus exit / entry links.
  const outLinks = new Map<string, FlowLink>();
  const addLink = (source: string, target: string, sessions: number, purchases: number) => {
    const id = `${source}\u0001${target}`;
    let l = outLinks.get(id);
    if (!l) outLinks.set(id, (l = { source, target, sessions: 0, purchases: 0 }));
    l.sessions += sessions;
    l.purchases += purchases;
  };
  const terminalKind = opts.anchor === 'start' ? 'exit' : 'entry';
  for (const l of links) {
    if (l.position >= depth) continue;
    const from = shownId[l.position]?.get(l.from);
    if (!from) continue;
    let to: string | undefined;
    if (l.to === END) {
      const tp = opts.anchor === 'start' ? l.position + 1 : -(l.position + 1);
      to = `${tp}:${terminalKind}`;
      if (!nodes.has(to)) {
        nodes.set(to, { id: to, position: tp, kind: terminalKind, step: null, node: null, itemId: null, label: terminalKind === 'exit' ? 'Exit' : 'Entry', sessions: 0, purchases: 0, exits: 0, dropOffRate: 0, continuing: 0 });
      }
      const t = nodes.get(to)!;
      t.sessions += l.sessions;
      t.purchases += l.purchases;
    } else if (l.to !== MORE && l.position + 1 < depth) {
      to = shownId[l.position + 1]?.get(l.to);
    }
    if (!to) continue;
    // End anchors: links point forward in time (from the earlier column to the later one).
    if (opts.anchor === 'start') addLink(from, to, l.sessions, l.purchases);
    else addLink(to, from, l.sessions, l.purchases);
  }

  let sessions = 0;
  let purchases = 0;
  for (const v of volume[0]?.values() ?? []) {
    sessions += v.sessions;
    purchases += v.purchases;
  }
  const nodeList = [...nodes.values()].sort((a, b) => a.position - b.position || kindRank(a) - kindRank(b) || b.sessions - a.sessions);
  const linkList = [...outLinks.values()].sort((a, b) => b.sessions - a.sessions || (a.source + a.target < b.source + b.target ? -1 : 1));
  return { anchor: opts.anchor, depth, totals: { sessions, purchases }, nodes: nodeList, links: linkList };
}

function kindRank(n: FlowNode): number {
  return n.kind === 'step' ? 0 : n.kind === 'other' ? 1 : 2;
}
