/**
 * Champion/challenger: whether a newly trained model goes live. Pure.
 *
 * The rule, in order:
 *  1. A broken model never goes live (status 'rejected'): validation metrics that are not
 *     finite numbers, or a bundle with nothing to recommend (no session model, no
 *     bought-together pairs, fewer than two popular products — an empty or one-product store).
 *  2. No live model: the new one goes live.
 *  3. The live model is stale: live for more than LIVE_MAX_AGE_DAYS, or more than
 *     CATALOG_CHANGE_SHARE of the products in the new training data are unknown to it.
 *     The new one goes live, unless it could not be validated while the live one was
 *     (a store that shrank does not swap a validated model for a guess).
 *  4. Both scored on the same recent validation window (ml/compare-live.ts: the sessions
 *     neither has trained on): the new one goes live when its MRR@20 is at least
 *     ACTIVATION_MARGIN (relative) above the live one's.
 *  5. Otherwise (worse, within the margin, or no fair comparison possible: too few new
 *     sessions, a store too small to validate) it is kept as a 'challenger'; the merchant
 *     can still activate it from the Models page.
 * The reason is recorded on the version either way.
 */
import type { TrainResult } from '../../ml/train';
import type { BundleArtifact } from '../../ml/serve';

/** The new model must beat the live one's MRR@20 by this much, relative (0.02 = +2%). */
export const ACTIVATION_MARGIN = 0.02;
/** A live model older than this is replaced by any sound new one. */
export const LIVE_MAX_AGE_DAYS = 7;
/** A live model that has never seen this share of the store's current products is stale. */
export const CATALOG_CHANGE_SHARE = 0.3;

export type VersionStatus = 'active' | 'challenger' | 'rejected';

export interface ActivationDecision {
  status: VersionStatus;
  reason: string;
}

export interface LiveVersion {
  version: number;
  /** when it went live (or was created) */
  since: Date;
  validated: boolean;
}

type Decided = Pick<TrainResult, 'validated' | 'metrics' | 'comparison' | 'comparisonNote' | 'liveNewItemShare'> & {
  bundle: Pick<BundleArtifact, 'session' | 'fbt' | 'popular'>;
};

const finite = (x: unknown): boolean => typeof x === 'number' && Number.isFinite(x);
const fmt = (x: number) => x.toFixed(3);

/** Why the model is broken, or null when it is sound. */
export function brokenReason(r: Decided): string | null {
  if (r.metrics && !(finite(r.metrics.mrr20) && finite(r.metrics.hr20))) return 'its validation metrics are not numbers (NaN)';
  if (r.comparison && !(finite(r.comparison.challenger.mrr20) && finite(r.comparison.challenger.hr20))) return 'its scores on the recent window are not numbers (NaN)';
  const pairs = r.bundle.fbt ? Object.keys(r.bundle.fbt.partners).length > 0 : false;
  if (!r.bundle.session && !pairs && r.bundle.popular.length < 2) return 'it has nothing to recommend (no browsing sessions, no baskets, fewer than two products)';
  return null;
}

/**
 * `replaceLive`: why the live model must go whatever the comparison says (it holds the
 * sessions of a customer whose data was redacted): the new one goes live unless broken.
 */
export function decideActivation(r: Decided, live: LiveVersion | null, now = new Date(), replaceLive?: string): ActivationDecision {
  const broken = brokenReason(r);
  const stays = live ? `; live version ${live.version} stays` : '; no model is live yet';
  if (broken) return { status: 'rejected', reason: `Not activated: ${broken}${stays}.` };
  if (!live) return { status: 'active', reason: 'Activated: no model was live.' };
  if (replaceLive) return { status: 'active', reason: `Activated: live version ${live.version} had to be replaced (${replaceLive}).` };

  const ageDays = (now.getTime() - live.since.getTime()) / 86_400_000;
  const mayReplaceStale = r.validated || !live.validated;
  if (ageDays > LIVE_MAX_AGE_DAYS && mayReplaceStale) {
    return { status: 'active', reason: `Activated: live version ${live.version} was ${Math.floor(ageDays)} days old (stale after ${LIVE_MAX_AGE_DAYS}).` };
  }
  if (r.liveNewItemShare !== null && r.liveNewItemShare > CATALOG_CHANGE_SHARE && mayReplaceStale) {
    return {
      status: 'active',
      reason: `Activated: live version ${live.version} had never seen ${Math.round(r.liveNewItemShare * 100)}% of the products shoppers view now (stale above ${Math.round(CATALOG_CHANGE_SHARE * 100)}%).`,
    };
  }
  const c = r.comparison;
  if (!c) {
    return { status: 'challenger', reason: `Kept as challenger: ${r.comparisonNote ?? 'no comparison with the live model was possible'}${stays}.` };
  }
  const on = `on the same ${c.events} recent predictions`;
  if (!finite(c.live.mrr20)) return { status: 'active', reason: `Activated: live version ${live.version} could not be scored ${on}.` };
  const needed = c.live.mrr20 * (1 + ACTIVATION_MARGIN);
  if (c.challenger.mrr20 > 0 && c.challenger.mrr20 >= needed) {
    return { status: 'active', reason: `Activated: MRR@20 ${fmt(c.challenger.mrr20)} against ${fmt(c.live.mrr20)} for live version ${live.version} ${on} (needs +${ACTIVATION_MARGIN * 100}%).` };
  }
  return {
    status: 'challenger',
    reason: `Kept as challenger: MRR@20 ${fmt(c.challenger.mrr20)} against ${fmt(c.live.mrr20)} for live version ${live.version} ${on}; it must be ${ACTIVATION_MARGIN * 100}% better to go live${stays}.`,
  };
}
