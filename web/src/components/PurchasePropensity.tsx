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
import { ErrorBanner } from './ErrorNotice';
import { fmtDate, fmtDateTime, fmtDecimal, fmtInt, fmtPct } from '../format';
import { useApi } from '../hooks';
import { t } from '../i18n';
import type { PropensityAnswer, PropensityDriver, PropensityReport, PropensityTrainAnswer } from '../../../app/api-contract/propensity';

const POLL_MS = 1500;

/** How far the test AUC is from guessing, in words a merchant can weigh. */
export function aucVerdict(auc: number | null): { label: string; tone: 'critical' | 'warning' | 'info' | 'success' } {
  if (auc === null) return { label: t('prop.verdict.none'), tone: 'warning' };
  if (auc < 0.55) return { label: t('prop.verdict.guess'), tone: 'critical' };
  if (auc < 0.65) return { label: t('prop.verdict.weak'), tone: 'warning' };
  if (auc < 0.75) return { label: t('prop.verdict.moderate'), tone: 'info' };
  if (auc < 0.85) return { label: t('prop.verdict.good'), tone: 'success' };
  return { label: t('prop.verdict.strong'), tone: 'success' };
}

const x1 = (v: number) => `${v >= 10 ? fmtInt(v) : fmtDecimal(v, 1)}×`;

/** "2.4× as likely to buy" / "3.0× less likely to buy", from the plain buy-rate ratio. */
export function driverMultiplier(d: PropensityDriver): string {
  if (d.direction === 'more_likely') return d.effect >= 999 ? t('prop.onlyThese') : t('prop.asLikely', { times: x1(d.effect) });
  return d.effect <= 0 ? t('prop.noneBought') : t('prop.lessLikely', { times: x1(1 / d.effect) });
}

function DriverRow({ d, rank, total }: { d: PropensityDriver; rank: number; total: number }) {
  const up = d.direction === 'more_likely';
  const odds = d.oddsRatio !== undefined && d.oddsRatio > 0 && d.oddsRatio < 999 ? t('prop.odds', { value: fmtDecimal(d.oddsRatio, 1) }) : '';
  return (
    <div data-testid="propensity-driver" data-direction={d.direction} data-feature={d.feature} data-effect={d.effect}>
      <InlineStack align="space-between" blockAlign="center" gap="300" wrap={false}>
        <BlockStack gap="050">
          <Text as="p" fontWeight="semibold">
            {`${rank}. ${d.behaviour ?? d.label}`}
          </Text>
          <Text as="p" variant="bodySm" tone="subdued">
            {t('prop.rates', { with: fmtPct(d.rateWith), without: fmtPct(d.rateWithout), count: fmtInt(d.sessionsWith), total: fmtInt(total), odds })}
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
  const names = { logistic: t('prop.model.logistic'), mlp: t('prop.model.mlp') };
  const otherName = r.selected === 'mlp' ? names.logistic : names.mlp;
  const range = r.split.testFrom && r.split.testTo ? t('prop.range', { from: fmtDate(r.split.testFrom), to: fmtDate(r.split.testTo) }) : '';
  return (
    <Box background="bg-surface-secondary" padding="400" borderRadius="200">
      <BlockStack gap="200">
        <InlineStack gap="200" blockAlign="center" align="start">
          <Text as="h3" variant="headingSm">
            {t('prop.reliable')}
          </Text>
          <span data-testid="propensity-quality">
            <Badge tone={verdict.tone}>{verdict.label}</Badge>
          </span>
        </InlineStack>
        <span data-testid="propensity-auc" data-value={auc ?? ''}>
          <Text as="p">
            {auc === null
              ? t('prop.testedNoAuc', { count: fmtInt(r.sessions.test), range })
              : t('prop.tested', {
                  count: fmtInt(r.sessions.test),
                  range,
                  share: fmtPct(auc, 0),
                  auc: fmtDecimal(auc, 2),
                  guess: fmtDecimal(0.5, 2),
                  positives: fmtInt(r.positives.test),
                  base: fmtPct(r.testBaseRate ?? 0),
                })}
          </Text>
        </span>
        {auc !== null && r.positives.test < 30 && (
          <Text as="p" tone="caution">
            {t('prop.rough', { count: fmtInt(r.positives.test) })}
          </Text>
        )}
        {sel && sel.aucPr !== null && r.testBaseRate !== null && (
          <Text as="p" variant="bodySm" tone="subdued">
            {t('prop.aucPr', { value: fmtDecimal(sel.aucPr, 2), base: fmtDecimal(r.testBaseRate, 2) })}
          </Text>
        )}
        <Text as="p" variant="bodySm" tone="subdued">
          {t('prop.modelLine', {
            model: r.selected ? names[r.selected] : '–',
            other: other?.auc != null ? t('prop.otherScored', { name: otherName, auc: fmtDecimal(other.auc, 2) }) : '',
            count: fmtInt(r.sessions.fit + r.sessions.validation),
            reason: r.selectionReason,
          })}
        </Text>
      </BlockStack>
    </Box>
  );
}

export function PurchasePropensityCard() {
  const [posting, setPosting] = useState(false);
  const [polling, setPolling] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
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
      if (!(e instanceof ApiError && e.status === 409)) setActionError(e);
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
                {data.status === 'ready' ? t('prop.update') : t('prop.findOut')}
              </Button>
            )}
          </InlineStack>

          {answer.error && (
            <ErrorBanner error={answer.error} title={t('prop.loadError')} onRetry={answer.reload} />
          )}
          {actionError != null && (
            <ErrorBanner error={actionError} title={t('prop.startError')} onDismiss={() => setActionError(null)} />
          )}
          {!data && !answer.error && <SkeletonBodyText lines={5} />}

          {busy && <TrainingProgress training={training} />}

          {data && !busy && data.lastError && (
            <Banner tone="warning" title={t('prop.lastFailed')}>
              <p>{`${data.lastError.error ?? t('prop.unknownError')}${data.lastError.finishedAt ? ` (${fmtDateTime(data.lastError.finishedAt)})` : ''}. ${report ? t('prop.fromBefore') : t('prop.tryAgain')}`}</p>
            </Banner>
          )}

          {data?.status === 'not_trained' && !busy && (
            <Text as="p">
              {t('prop.notTrained')}
            </Text>
          )}

          {report && report.status === 'insufficient_data' && (
            <BlockStack gap="200">
              <InlineStack align="start">
                <Badge tone="attention">{t('prop.notEnough')}</Badge>
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
        {t('prop.title')}
      </Text>
      <Text as="p" tone="subdued">
        {report
          ? t('prop.subtitle', { k: fmtInt(report.k), count: fmtInt(report.sessions.eligible) })
          : t('prop.subtitleNone')}
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
          {t('prop.progress', { percent: fmtPct(percent / 100, 0), message: training?.message ? training.message.charAt(0).toUpperCase() + training.message.slice(1) : t('prop.starting') })}
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
        <Text as="p">{t('prop.noneStands', { count: fmtInt(report.positives.eligible) })}</Text>
      ) : (
        <div data-testid="propensity-drivers">
          <BlockStack gap="400">
            <DriverList title={t('prop.more')} drivers={up} total={report.sessions.eligible} />
            {up.length > 0 && down.length > 0 && <Divider />}
            <DriverList title={t('prop.less')} drivers={down} total={report.sessions.eligible} />
          </BlockStack>
        </div>
      )}
      <Quality r={report} />
      <Text as="p" variant="bodySm" tone="subdued">
        {t('prop.howToRead', { updated: fmtDateTime(report.trainedAt) })}
      </Text>
    </>
  );
}
