/**
 * "What predicts a purchase": the purchase-propensity report (GET /api/propensity, see
 * app/routes/api-propensity.ts and ml/propensity/train.ts) for the Insights page.
 *
 * Shows the early behaviors that make buying more or less likely, ranked as the model
 * ranks them (effect with the other behaviors held fixed), each with the plain buy rates
 * behind its multiplier; how well the selected model did on recent visits it never saw
 * (AUC against guessing, the base rate); and the states around it: not estimated yet (a
 * button that starts it), estimating (progress, polled), too few purchases, failed.
 */
import { useEffect, useState } from 'react';
import { Badge, Banner, BlockStack, Box, Button, Card, Divider, InlineStack, ProgressBar, SkeletonBodyText, Text } from '@shopify/polaris';
import { apiSend, ApiError } from '../api';
import { fmtDate, fmtDateTime, fmtInt, fmtPct } from '../format';
import { useApi } from '../hooks';
import type { PropensityAnswer, PropensityDriver, PropensityReport, PropensityTrainAnswer } from '../../../app/api-contract/propensity';

const POLL_MS = 1500;

/** How far the test AUC is from guessing, in words a merchant can weigh. */
export function aucVerdict(auc: number | null): { label: string; tone: 'critical' | 'warning' | 'info' | 'success' } {
  if (auc === null) return { label: 'Not measured', tone: 'warning' };
  if (auc < 0.55) return { label: 'No better than guessing', tone: 'critical' };
  if (auc < 0.65) return { label: 'Weak signal', tone: 'warning' };
  if (auc < 0.75) return { label: 'Moderate signal', tone: 'info' };
  if (auc < 0.85) return { label: 'Good signal', tone: 'success' };
  return { label: 'Strong signal', tone: 'success' };
}

const x1 = (v: number) => `${v >= 10 ? Math.round(v) : v.toFixed(1)}×`;

/** "2.4× as likely to buy" / "3.0× less likely to buy", from the plain buy-rate ratio. */
export function driverMultiplier(d: PropensityDriver): string {
  if (d.direction === 'more_likely') return d.effect >= 999 ? 'Only these visits bought' : `${x1(d.effect)} as likely to buy`;
  return d.effect <= 0 ? 'None of these visits bought' : `${x1(1 / d.effect)} less likely to buy`;
}

function DriverRow({ d, rank, total }: { d: PropensityDriver; rank: number; total: number }) {
  const up = d.direction === 'more_likely';
  const odds = d.oddsRatio !== undefined && d.oddsRatio > 0 && d.oddsRatio < 999 ? ` · odds ×${d.oddsRatio.toFixed(1)}` : '';
  return (
    <div data-testid="propensity-driver" data-direction={d.direction} data-feature={d.feature} data-effect={d.effect}>
      <InlineStack align="space-between" blockAlign="center" gap="300" wrap={false}>
        <BlockStack gap="050">
          <Text as="p" fontWeight="semibold">
            {`${rank}. ${d.behaviour ?? d.label}`}
          </Text>
          <Text as="p" variant="bodySm" tone="subdued">
            {`${fmtPct(d.rateWith)} of these visits bought, against ${fmtPct(d.rateWithout)} of the others · ${fmtInt(d.sessionsWith)} of ${fmtInt(total)} visits${odds}`}
          </Text>
        </BlockStack>
        <span data-testid="propensity-multiplier">
          <Badge tone={up ? 'success' : 'critical'}>{driverMultiplier(d)}</Badge>
        </span>
      </InlineStack>
    </div>
  );
}

function DriverList({ title, drivers, total }: { title: string; drivers: PropensityDriver[]; total: number }) {
  if (!drivers.length) return null;
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        {title}
      </Text>
      {drivers.map((d, i) => (
        <DriverRow key={d.feature} d={d} rank={i + 1} total={total} />
      ))}
    </BlockStack>
  );
}

function Quality({ r }: { r: PropensityReport }) {
  const sel = r.selected === 'mlp' ? r.mlp : r.logistic;
  const auc = sel?.auc ?? null;
  const verdict = aucVerdict(auc);
  const other = r.selected === 'mlp' ? r.logistic : r.mlp;
  const names = { logistic: 'logistic regression', mlp: 'neural network' } as const;
  const otherName = r.selected === 'mlp' ? names.logistic : names.mlp;
  const range = r.split.testFrom && r.split.testTo ? ` (${fmtDate(r.split.testFrom)} – ${fmtDate(r.split.testTo)})` : '';
  return (
    <Box background="bg-surface-secondary" padding="400" borderRadius="200">
      <BlockStack gap="200">
        <InlineStack gap="200" blockAlign="center" align="start">
          <Text as="h3" variant="headingSm">
            How reliable this is
          </Text>
          <span data-testid="propensity-quality">
            <Badge tone={verdict.tone}>{verdict.label}</Badge>
          </span>
        </InlineStack>
        <span data-testid="propensity-auc" data-value={auc ?? ''}>
          <Text as="p">
            {auc === null
              ? `Tested on your ${fmtInt(r.sessions.test)} most recent visits${range}, but they had too few purchases to measure how well it tells buyers apart.`
              : `Tested on your ${fmtInt(r.sessions.test)} most recent visits${range}, which the model did not learn from: given one visit that bought and one that did not, it picks the buyer ${fmtPct(auc, 0)} of the time (AUC ${auc.toFixed(2)}; 0.50 is guessing). ${fmtInt(r.positives.test)} of those visits bought (base rate ${fmtPct(r.testBaseRate ?? 0)}).`}
          </Text>
        </span>
        {auc !== null && r.positives.test < 30 && (
          <Text as="p" tone="caution">
            {`Only ${fmtInt(r.positives.test)} of the test visits bought, so this score is rough: a few purchases more or less would move it noticeably.`}
          </Text>
        )}
        {sel && sel.aucPr !== null && r.testBaseRate !== null && (
          <Text as="p" variant="bodySm" tone="subdued">
            {`Precision–recall score (AUC-PR) ${sel.aucPr.toFixed(2)}, against ${r.testBaseRate.toFixed(2)} for random guessing.`}
          </Text>
        )}
        <Text as="p" variant="bodySm" tone="subdued">
          {`Model: ${r.selected ? names[r.selected] : '–'}${other?.auc != null ? ` (the ${otherName} scored AUC ${other.auc.toFixed(2)})` : ''}, trained on ${fmtInt(r.sessions.fit + r.sessions.validation)} earlier visits. ${r.selectionReason}`}
        </Text>
      </BlockStack>
    </Box>
  );
}

export function PurchasePropensityCard() {
  const [posting, setPosting] = useState(false);
  const [polling, setPolling] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const answer = useApi<PropensityAnswer>('/propensity', { pollMs: posting || polling ? POLL_MS : undefined });
  const data = answer.data;
  const training = data?.training ?? null;
  useEffect(() => {
    if (data) setPolling(Boolean(data.training));
  }, [data]);

  const train = async () => {
    setPosting(true);
    setActionError(null);
    try {
      await apiSend<PropensityTrainAnswer>('POST', '/propensity/train', {});
    } catch (e) {
      // 409: already running; the poll shows its progress.
      if (!(e instanceof ApiError && e.status === 409)) setActionError((e as Error).message);
    } finally {
      setPosting(false);
      setPolling(true);
      answer.reload();
    }
  };

  const busy = posting || Boolean(training);
  const report = data?.status === 'ready' ? data.report : null;
  const ok = report?.status === 'ok';
  const up = ok ? report.drivers.filter((d) => d.direction === 'more_likely') : [];
  const down = ok ? report.drivers.filter((d) => d.direction === 'less_likely') : [];

  return (
    <div id="purchase-propensity" data-testid="propensity" data-state={!data ? (answer.error ? 'error' : 'loading') : busy ? 'training' : data.status === 'ready' ? report?.status : 'not_trained'}>
      <Card>
        <BlockStack gap="400">
          <InlineStack align="space-between" blockAlign="start" gap="300">
            <CardHeading report={report} />
            {data && (
              <Button onClick={() => void train()} loading={posting && !training} disabled={busy}>
                {data.status === 'ready' ? 'Update now' : 'Find out now'}
              </Button>
            )}
          </InlineStack>

          {answer.error && (
            <Banner tone="critical" title="Purchase predictions could not be loaded" action={{ content: 'Try again', onAction: answer.reload }}>
              <p>{answer.error.message}</p>
            </Banner>
          )}
          {actionError && (
            <Banner tone="critical" title="The estimate could not be started" onDismiss={() => setActionError(null)}>
              <p>{actionError}</p>
            </Banner>
          )}
          {!data && !answer.error && <SkeletonBodyText lines={5} />}

          {busy && <TrainingProgress training={training} />}

          {data && !busy && data.lastError && (
            <Banner tone="warning" title="The last estimate did not finish">
              <p>{`${data.lastError.error ?? 'Unknown error'}${data.lastError.finishedAt ? ` (${fmtDateTime(data.lastError.finishedAt)})` : ''}. ${report ? 'The results below are from the estimate before it.' : 'Try again; if it keeps failing, contact support.'}`}</p>
            </Banner>
          )}

          {data?.status === 'not_trained' && !busy && (
            <Text as="p">
              Waymark has not looked for the early signs of buying in your store yet. It does so after each model training, or now: it reads your recent visits and finds which behaviors in
              their first few steps (searching, adding to cart, where they land, …) go with a purchase.
            </Text>
          )}

          {report && report.status === 'insufficient_data' && (
            <BlockStack gap="200">
              <InlineStack align="start">
                <Badge tone="attention">Not enough purchases yet</Badge>
              </InlineStack>
              <Text as="p">{report.message}</Text>
            </BlockStack>
          )}

          {report && ok && <ReportDetails report={report} up={up} down={down} />}
        </BlockStack>
      </Card>
    </div>
  );
}

function CardHeading({ report }: { report: PropensityReport | null }) {
  return (
    <BlockStack gap="100">
      <Text as="h2" variant="headingMd">
        What predicts a purchase
      </Text>
      <Text as="p" tone="subdued">
        {report
          ? `Behaviors in the first ${report.k} steps of a visit that make buying more or less likely, learned from your ${fmtInt(report.sessions.eligible)} most recent visits that reached ${report.k} steps.`
          : 'Behaviors early in a visit that make buying more or less likely, learned from your own shoppers.'}
      </Text>
    </BlockStack>
  );
}

function TrainingProgress({ training }: { training: PropensityAnswer['training'] }) {
  const percent = Math.round((training?.progress ?? 0) * 100);
  return (
    <div data-testid="propensity-progress">
      <BlockStack gap="200">
        <ProgressBar progress={percent} size="small" />
        <Text as="p" tone="subdued">
          {`${percent}% · ${training?.message ? training.message.charAt(0).toUpperCase() + training.message.slice(1) : 'Starting'}. Reading recent visits and testing two models on them takes a few seconds to a few minutes.`}
        </Text>
      </BlockStack>
    </div>
  );
}

/** A finished report: the behaviors in both directions (or why none stands out), its reliability, and how to read it. */
function ReportDetails({ report, up, down }: { report: PropensityReport; up: PropensityDriver[]; down: PropensityDriver[] }) {
  return (
    <>
      {report.drivers.length === 0 ? (
        <Text as="p">{`With ${fmtInt(report.positives.eligible)} buying visits so far, no single early behavior stands out clearly enough from the rest to name it. This gets clearer as more shoppers buy.`}</Text>
      ) : (
        <div data-testid="propensity-drivers">
          <BlockStack gap="400">
            <DriverList title="Make buying more likely" drivers={up} total={report.sessions.eligible} />
            {up.length > 0 && down.length > 0 && <Divider />}
            <DriverList title="Make buying less likely" drivers={down} total={report.sessions.eligible} />
          </BlockStack>
        </div>
      )}
      <Quality r={report} />
      <Text as="p" variant="bodySm" tone="subdued">
        {`Ranked by how strongly each behavior predicts buying once the others are taken into account; each multiplier compares visits with the behavior to those without. These are patterns, not proof of cause: shoppers who already mean to buy also add to cart sooner. Covers all visits, whatever the date range or segment above; updated ${fmtDateTime(report.trainedAt)}.`}
      </Text>
    </>
  );
}
