/** Models: the active model vs best sellers, training history with each version's go-live decision, rollback, live training progress, retrain / cancel. */
import { Fragment, useEffect, useState } from 'react';
import { Badge, Banner, BlockStack, Box, Button, Card, InlineStack, Layout, ProgressBar, SkeletonBodyText, Text } from '@shopify/polaris';
import { apiSend, ApiError } from '../api';
import { AppPage } from '../components/AppPage';
import { ErrorBanner } from '../components/ErrorNotice';
import { t, tParts, type MessageKey } from '../i18n';
import { Table } from '../components/Table';
import { TitledCard } from '../components/TitledCard';
import { fmtDateTime, fmtDecimal, fmtInt, fmtPct } from '../format';
import { useApi } from '../hooks';
import type { ModelVersion, ModelsAnswer } from '../../../app/api-contract/models';

const MODEL_NAMES: Record<string, MessageKey> = {
  pop: 'model.pop',
  popularity: 'model.pop',
  ar: 'model.ar',
  sr: 'model.sr',
  sknn: 'model.sknn',
  vsknn: 'model.vsknn',
  stan: 'model.stan',
  vstan: 'model.vstan',
  remind: 'model.remind',
  gru4rec: 'model.gru4rec',
  tuned: 'model.tuned',
  ensemble: 'model.ensemble',
  'blend-neural': 'model.blendNeural',
};
export const modelName = (k: string) => (MODEL_NAMES[k] ? t(MODEL_NAMES[k]) : k);

const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
const f3 = (x: number | null) => (x === null ? '–' : fmtDecimal(x, 3));

function Lift({ model, base }: { model: number | null; base: number | null }) {
  if (model === null || base === null || base === 0) return null;
  const lift = (model - base) / base;
  return <Badge tone={lift > 0 ? 'success' : 'critical'}>{t('models.lift', { lift: `${lift > 0 ? '+' : ''}${fmtPct(lift, 0)}` })}</Badge>;
}

const pct = (x: number | null) => (x === null ? '–' : fmtPct(x, 0));

/**
 * The model's quality in a merchant's words: how often the product a shopper opened next
 * was among the 20 the model would show, and how near the top; the metric names and
 * exact numbers go in a details line.
 */
function Quality({ hr, mrr, baseHr, baseMrr, tested }: { hr: number | null; mrr: number | null; baseHr: number | null; baseMrr: number | null; tested: number | null }) {
  const nearer = mrr !== null && baseMrr !== null ? (baseMrr > 0 ? mrr / baseMrr : null) : null;
  return (
    <Box background="bg-surface-secondary" padding="400" borderRadius="200">
      <BlockStack gap="200">
        <Text as="h3" variant="headingSm">
          {t('models.quality.title')}
        </Text>
        <InlineStack align="start" gap="200" blockAlign="center">
          <Text as="p" variant="headingXl">
            {pct(hr)}
          </Text>
          <Lift model={hr} base={baseHr} />
        </InlineStack>
        <div data-testid="quality-sentence">
        <Text as="p">
          {t('models.quality.sentence', { hr: pct(hr), base: pct(baseHr) })}
          {nearer !== null &&
            (nearer >= 1.05
              ? t('models.quality.nearer', { times: fmtDecimal(nearer, 1) })
              : nearer <= 0.95
                ? t('models.quality.baseNearer')
                : t('models.quality.same'))}
        </Text>
        </div>
        <Text as="p" tone="subdued" variant="bodySm">
          {tParts('models.quality.details', {
            hr: <span data-testid="metric-hr20">{f3(hr)}</span>,
            baseHr: f3(baseHr),
            mrr: <span data-testid="metric-mrr20">{f3(mrr)}</span>,
            baseMrr: f3(baseMrr),
            tested: tested !== null ? t('models.quality.tested', { count: fmtInt(tested) }) : '',
          }).map((part, i) => (
            <Fragment key={i}>{part}</Fragment>
          ))}
        </Text>
      </BlockStack>
    </Box>
  );
}

function ActiveModel({ m }: { m: ModelVersion }) {
  const validated = m.metrics.validated !== false;
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center">
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              {t('models.active', { name: modelName(m.kind) })}
            </Text>
            <Text as="p" tone="subdued">
              {t('models.liveSince', { version: m.version, date: fmtDateTime(m.activatedAt ?? m.createdAt) })}
            </Text>
          </BlockStack>
          <Badge tone="success">{t('models.serving')}</Badge>
        </InlineStack>
        {m.note && <Text as="p">{m.note.replace(new RegExp(`^${m.kind}\\b`), modelName(m.kind))}</Text>}
        {validated ? (
          <Quality hr={num(m.metrics.hr20)} mrr={num(m.metrics.mrr20)} baseHr={num(m.baseline.hr20)} baseMrr={num(m.baseline.mrr20)} tested={num(m.metrics.validationEvents)} />
        ) : (
          <Banner tone="info">
            <p>{t('models.notValidated')}</p>
          </Banner>
        )}

      </BlockStack>
    </Card>
  );
}

type ModelAction = 'retrain' | 'cancel' | `${number}/activate`;

export default function ModelsPage() {
  const [polling, setPolling] = useState(false);
  const models = useApi<ModelsAnswer>('/models', { pollMs: polling ? 2000 : undefined });
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const training = models.data?.training ?? null;
  const hasData = Boolean(models.data);
  useEffect(() => {
    if (hasData) setPolling(Boolean(training));
  }, [hasData, training]);

  const act = async (what: ModelAction) => {
    setBusy(true);
    setActionError(null);
    try {
      await apiSend('POST', `/models/${what}`);
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 409)) setActionError(e);
    } finally {
      setBusy(false);
      setPolling(true);
      models.reload();
    }
  };

  return (
    <AppPage
      title={t('page.models.title')}
      subtitle={t('page.models.subtitle')}
      primaryAction={{ content: training ? t('models.training') : t('models.retrain'), disabled: Boolean(training) || busy, loading: busy && !training, onAction: () => void act('retrain') }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {models.error && (
              <ErrorBanner error={models.error} title={t('models.loadError')} onRetry={models.reload} />
            )}
            {actionError != null && (
              <ErrorBanner error={actionError} onDismiss={() => setActionError(null)} />
            )}
            {training && <TrainingCard training={training} busy={busy} onCancel={() => void act('cancel')} />}
            {!models.data && !models.error && (
              <Card>
                <SkeletonBodyText lines={6} />
              </Card>
            )}
            {models.data && !training && <ModelStatusBanners data={models.data} />}
            {models.data?.active && <ActiveModel m={models.data.active} />}
            {models.data && models.data.history.length > 0 && (
              <TrainingHistory history={models.data.history} locked={busy || Boolean(training)} onAct={(what) => void act(what)} />
            )}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </AppPage>
  );
}

function TrainingCard({ training, busy, onCancel }: { training: NonNullable<ModelsAnswer['training']>; busy: boolean; onCancel: () => void }) {
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {training.status === 'queued' ? t('models.queued') : t('models.inProgress')}
          </Text>
          <Button tone="critical" variant="secondary" onClick={onCancel} disabled={busy}>
            {t('models.cancel')}
          </Button>
        </InlineStack>
        <div data-testid="training-progress">
          <ProgressBar progress={Math.round(training.progress * 100)} />
        </div>
        <Text as="p" tone="subdued">
          {t('models.progress', { percent: fmtPct(training.progress, 0), message: training.message || t('models.waiting') })}
        </Text>
      </BlockStack>
    </Card>
  );
}

/** While no training runs: how the last one ended, no model yet, or the newest version not live (and why). */
function ModelStatusBanners({ data }: { data: ModelsAnswer }) {
  const last = data.lastJob;
  const latest = data.history[0];
  return (
    <>
      {last && last.status === 'failed' && (
        <Banner tone="warning" title={t('models.failed.title')}>
          <p>{t('models.failed.body', { error: last.error ?? t('prop.unknownError') })}</p>
        </Banner>
      )}
      {last && last.status === 'cancelled' && (
        <Banner tone="info">
          <p>{t('models.cancelled')}</p>
        </Banner>
      )}
      {!data.active && (
        <Banner tone="info" title={t('models.none.title')}>
          <p>{t('models.none.body')}</p>
        </Banner>
      )}
      {latest && latest.status !== 'active' && latest.decision && (
        <Banner tone={latest.status === 'rejected' ? 'warning' : 'info'} title={t('models.notLive', { version: latest.version })}>
          <p>{latest.decision}</p>
        </Banner>
      )}
    </>
  );
}

const STATUS: Record<string, MessageKey> = { retired: 'models.status.retired', challenger: 'models.status.challenger', rejected: 'models.status.rejected' };

/** Every version with its quality against best sellers, its go-live decision, and rollback / make-live. */
function TrainingHistory({ history, locked, onAct }: { history: ModelVersion[]; locked: boolean; onAct: (what: ModelAction) => void }) {
  return (
    <TitledCard title={t('models.history')}>
      <Table
        label={t('models.history')}
        numeric={[false, false, true, true, false, false, false]}
        headings={[...(['version', 'model', 'hr', 'mrr', 'trained', 'status'] as const).map((k) => t(`models.col.${k}`)), '']}
        rows={history.map((v) => [
          `v${v.version}`,
          modelName(v.kind),
          `${pct(num(v.metrics.hr20))} (${pct(num(v.baseline.hr20))})`,
          `${f3(num(v.metrics.mrr20))} (${f3(num(v.baseline.mrr20))})`,
          fmtDateTime(v.createdAt),
          <BlockStack gap="100" key="status">
            {v.status === 'active' ? (
              <Badge tone="success">{t('models.status.active')}</Badge>
            ) : (
              <Badge tone={v.status === 'rejected' ? 'warning' : undefined}>{STATUS[v.status] ? t(STATUS[v.status]) : v.status}</Badge>
            )}
            {v.decision && (
              <Text as="span" variant="bodySm" tone="subdued">
                {v.decision}
              </Text>
            )}
          </BlockStack>,
          v.canActivate ? (
            <Button key="activate" size="slim" onClick={() => onAct(`${v.version}/activate`)} disabled={locked}>
              {v.status === 'retired' ? t('models.rollBack', { version: v.version }) : t('models.makeLive')}
            </Button>
          ) : (
            ''
          ),
        ])}
      />
    </TitledCard>
  );
}
