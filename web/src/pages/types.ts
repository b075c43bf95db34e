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
