/**
 * The funnel card's choices as they sit in the page URL (steps, mode, window, basis) and the
 * one percentage both the chart and the table show for a step under the chosen basis.
 */
import { DEFAULT_FUNNEL_STEPS, type BuiltFunnelStep, type FunnelMode, type FunnelWindow } from '../../../../app/api-contract/funnel';

export type Basis = 'first' | 'previous';

export const BASIS_LABELS: Record<Basis, string> = { first: '% of first step', previous: '% of previous step' };

export const MODE_OPTIONS: Array<{ label: string; value: FunnelMode }> = [
  { label: 'Closed: start at step 1, steps in order', value: 'closed' },
  { label: 'Open: start at any step, steps in order', value: 'open' },
];

export const WINDOW_OPTIONS: Array<{ label: string; value: FunnelWindow }> = [
  { label: 'Within the session', value: 'session' },
  { label: 'Within 5 minutes', value: '5m' },
  { label: 'Within 30 minutes', value: '30m' },
  { label: 'Within 1 hour', value: '1h' },
  { label: 'Within 1 day', value: '1d' },
];

export interface FunnelChoice {
  steps: string;
  mode: FunnelMode;
  window: FunnelWindow;
  basis: Basis;
}

export function funnelChoice(search: URLSearchParams): FunnelChoice {
  const mode = search.get('mode') === 'open' ? 'open' : 'closed';
  const window = WINDOW_OPTIONS.find((o) => o.value === search.get('window'))?.value ?? 'session';
  return { steps: search.get('steps') ?? DEFAULT_FUNNEL_STEPS, mode, window, basis: search.get('basis') === 'previous' ? 'previous' : 'first' };
}

/** The step's share under the basis: of the first step's sessions, or (continued) of the previous step's. */
export function basisShare(step: BuiltFunnelStep, i: number, basis: Basis): number {
  if (basis === 'first') return step.conversionFromStart;
  return i === 0 ? 1 : step.conversionFromPrevious;
}

/** Test ids: `funnel-cart` for page types (as before the builder), `funnel-product-123` for the rest. */
export const stepTestId = (s: Pick<BuiltFunnelStep, 'kind' | 'value'>) => (s.kind === 'page' ? `funnel-${s.value}` : `funnel-${s.kind}-${s.value}`);
