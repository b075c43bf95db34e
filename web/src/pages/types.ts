/** Shapes of the admin API answers the pages read (see app/routes/*). */
import type { Flow } from '../components/Sankey';
import type { FunnelStep } from '../components/Charts';

export interface Headline {
  sessions: number;
  purchases: number;
  orders: number;
  revenue: number;
  conversionRate: number;
  averageOrderValue: number;
}

export interface FunnelAnswer {
  steps: FunnelStep[];
  overallConversion: number;
  previous: { steps: FunnelStep[]; overallConversion: number };
  timesExact: boolean;
}

export interface DwellRow {
  step: string;
  visits: number;
  medianMs: number | null;
  meanMs: number | null;
}

export interface JourneyMapAnswer {
  range: { from: string; to: string };
  previousRange: { from: string; to: string };
  currency: string;
  headline: { current: Headline; previous: Headline };
  flow: Flow;
  funnel: FunnelAnswer;
  dwell: { steps: DwellRow[]; exact: boolean };
}

export interface TopPath {
  steps: string[];
  truncated: boolean;
  sessions: number;
  purchases: number;
  conversionRate: number;
  share: number;
}

export interface PathsAnswer {
  outcome: 'purchase' | 'exit';
  paths: TopPath[];
}

export interface Insight {
  id: string;
  kind: string;
  title: string;
  detail: string;
  sessionsAtStake: number;
  revenueAtStake: number;
  link: { view: 'funnel' | 'flow' | 'paths' | 'search' | 'items'; params: Record<string, string> };
  /** Optional: purchase propensity of the affected shoppers (0..1), when the API provides it. */
  propensity?: number;
}

export interface SearchAnswer {
  queries: Array<{ query: string; searches: number; zeroResults: number; clicked: number; withResults: number; clickRate: number | null }>;
  zeroResults: Array<{ query: string; searches: number; zeroResults: number }>;
  noClicks: Array<{ query: string; withResults: number; clicked: number }>;
}

export interface ModelVersion {
  id: number;
  version: number;
  kind: string;
  status: string;
  metrics: Record<string, unknown>;
  baseline: Record<string, unknown>;
  note: string | null;
  createdAt: string;
  activatedAt: string | null;
  /** champion/challenger: why this version went live or not */
  decision: string | null;
  /** a replaced or challenger version that can be put live (rollback) */
  canActivate: boolean;
}

export interface ModelsAnswer {
  active: ModelVersion | null;
  history: ModelVersion[];
  training: null | { jobId: number; status: string; progress: number; message: string; startedAt: string | null };
  lastJob: null | { id: number; status: string; error: string | null; finishedAt: string | null };
}

export interface Settings {
  sessionGapMinutes: number;
  retentionDays: number;
  holdoutPercent: number;
  merchandising: { exclusions: string[]; pins: string[] };
}

/** GET /api/propensity (app/routes/api-propensity.ts; the report is ml/propensity/train.ts's, without the model). */
export interface PropensityDriver {
  feature: string;
  /** buy-rate lift: rate with the behaviour / rate without (999: no buyer without it) */
  effect: number;
  direction: 'more_likely' | 'less_likely';
  /** the whole sentence ("Visitors who … buy 2.4× as often as …") */
  label: string;
  /** short headline ("Viewed 3+ products in the first 3 steps"); absent in reports before version 2 */
  behaviour?: string;
  /** odds with / odds without; absent in reports before version 2 */
  oddsRatio?: number;
  coef: number;
  rateWith: number;
  rateWithout: number;
  sessionsWith: number;
  sessionsWithout: number;
  condition: string;
}

export interface PropensityScores {
  auc: number | null;
  aucPr: number | null;
}

export interface PropensityReport {
  version: number;
  status: 'ok' | 'insufficient_data';
  message: string;
  k: number;
  trainedAt: string;
  sessions: { total: number; eligible: number; excluded: Record<string, number>; fit: number; validation: number; test: number };
  positives: { eligible: number; fit: number; validation: number; test: number };
  baseRate: number | null;
  testBaseRate: number | null;
  split: { validationFrom: string | null; testFrom: string | null; testTo: string | null };
  logistic: (PropensityScores & { validation: PropensityScores; l2: number }) | null;
  mlp: (PropensityScores & { validation: PropensityScores; backend: string; epochs: number; bestEpoch: number; seconds: number }) | null;
  mlpError?: string;
  selected: 'logistic' | 'mlp' | null;
  selectionReason: string;
  drivers: PropensityDriver[];
  features: string[];
}

export interface PropensityTraining {
  jobId: number;
  status: string;
  progress: number;
  message: string;
  startedAt: string | null;
}

export interface PropensityLastError {
  jobId: number;
  error: string | null;
  finishedAt: string | null;
}

export type PropensityAnswer =
  | { status: 'ready'; jobId: number; finishedAt: string | null; report: PropensityReport; training: PropensityTraining | null; lastError: PropensityLastError | null }
  | { status: 'not_trained'; message: string; training: PropensityTraining | null; lastError: PropensityLastError | null };

/** POST /api/propensity/train: 200 (trained in the request) or 202 (in the background; poll GET). */
export type PropensityTrainAnswer = { status: 'ready'; jobId: number | null; report: PropensityReport } | { status: 'training'; jobId: number };

/** GET /api/data-requests: shared with the server (app/privacy/data-request-types.ts). */
export type { DataRequestRow, DataRequestsAnswer } from '../../../app/privacy/data-request-types';

/** GET /api/search/clusters: the server's own types (app/analytics/search-clusters.ts), plus the shop's currency. */
import type { ClusterStats, SearchClustersResult, ZeroResultCluster } from '../../../app/analytics/search-clusters';
export type SearchCluster = ClusterStats;
export type ZeroResultSearchCluster = ZeroResultCluster;
export type SearchClustersAnswer = SearchClustersResult & { currency: string };
