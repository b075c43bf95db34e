/** Models: the active model vs best sellers, training history with each version's go-live decision, rollback, live training progress, retrain / cancel. */
import { useEffect, useState } from 'react';
import { Badge, Banner, BlockStack, Box, Button, Card, InlineStack, Layout, ProgressBar, SkeletonBodyText, Text } from '@shopify/polaris';
import { apiSend, ApiError } from '../api';
import { AppPage } from '../components/AppPage';
import { t } from '../i18n';
import { Table } from '../components/Table';
import { fmtDateTime, fmtInt } from '../format';
import { useApi } from '../hooks';
import type { ModelVersion, ModelsAnswer } from '../../../app/api-contract/models';

const MODEL_NAMES: Record<string, string> = {
  pop: 'Best sellers',
  popularity: 'Best sellers',
  ar: 'Viewed together (association rules)',
  sr: 'Viewed next (sequential rules)',
  sknn: 'Similar shopping sessions (SKNN)',
  vsknn: 'Similar recent sessions (V-SKNN)',
  stan: 'Similar sessions, recency-weighted (STAN)',
  vstan: 'Similar sessions, recency-weighted (V-STAN)',
  remind: 'Sequence model (RepeatNet-style)',
  gru4rec: 'Sequence model (GRU4Rec)',
  tuned: 'Tuned session model',
  ensemble: 'Blend of models',
};
export const modelName = (k: string) => MODEL_NAMES[k] ?? k;

const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
const f3 = (x: number | null) => (x === null ? '–' : x.toFixed(3));

function Lift({ model, base }: { model: number | null; base: number | null }) {
  if (model === null || base === null || base === 0) return null;
  const lift = (model - base) / base;
  return <Badge tone={lift > 0 ? 'success' : 'critical'}>{`${lift > 0 ? '+' : ''}${Math.round(lift * 100)}% vs best sellers`}</Badge>;
}

const pct = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)}%`);

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
          How well it predicts what shoppers open next
        </Text>
        <InlineStack align="start" gap="200" blockAlign="center">
          <Text as="p" variant="headingXl">
            {pct(hr)}
          </Text>
          <Lift model={hr} base={baseHr} />
        </InlineStack>
        <div data-testid="quality-sentence">
        <Text as="p">
          {`For ${pct(hr)} of the product views we tested, the product the shopper opened next was among the 20 Waymark would have shown. Best sellers alone get ${pct(baseHr)}.`}
          {nearer !== null &&
            (nearer >= 1.05
              ? ` Waymark also puts that product nearer the top of the list: ${nearer.toFixed(1)}× as near as best sellers, on average.`
              : nearer <= 0.95
                ? ' Best sellers put that product nearer the top of the list, on average.'
                : ' Both put that product about as near the top of the list.')}
        </Text>
        </div>
        <Text as="p" tone="subdued" variant="bodySm">
          Details: hit rate @20 <span data-testid="metric-hr20">{f3(hr)}</span> (best sellers {f3(baseHr)}) · MRR @20 <span data-testid="metric-mrr20">{f3(mrr)}</span> (best sellers{' '}
          {f3(baseMrr)}){tested !== null ? ` · ${fmtInt(tested)} most recent product-to-product steps, not seen in training` : ''}.
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
              Active model: {modelName(m.kind)}
            </Text>
            <Text as="p" tone="subdued">
              Version {m.version} · live since {fmtDateTime(m.activatedAt ?? m.createdAt)}
            </Text>
          </BlockStack>
          <Badge tone="success">Serving recommendations</Badge>
        </InlineStack>
        {m.note && <Text as="p">{m.note.replace(new RegExp(`^${m.kind}\\b`), modelName(m.kind))}</Text>}
        {validated ? (
          <Quality hr={num(m.metrics.hr20)} mrr={num(m.metrics.mrr20)} baseHr={num(m.baseline.hr20)} baseMrr={num(m.baseline.mrr20)} tested={num(m.metrics.validationEvents)} />
        ) : (
          <Banner tone="info">
            <p>Not enough recent shopper sessions to test this model against best sellers yet. Waymark re-tests with each training.</p>
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
  const [actionError, setActionError] = useState<string | null>(null);
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
      if (!(e instanceof ApiError && e.status === 409)) setActionError((e as Error).message);
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
      primaryAction={{ content: training ? 'Training…' : 'Retrain now', disabled: Boolean(training) || busy, loading: busy && !training, onAction: () => void act('retrain') }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {models.error && (
              <Banner tone="critical" title={t('models.loadError')} action={{ content: t('common.tryAgain'), onAction: models.reload }}>
                <p>{models.error.message}</p>
              </Banner>
            )}
            {actionError && (
              <Banner tone="critical" onDismiss={() => setActionError(null)}>
                <p>{actionError}</p>
              </Banner>
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
            {training.status === 'queued' ? 'Training queued' : 'Training in progress'}
          </Text>
          <Button tone="critical" variant="secondary" onClick={onCancel} disabled={busy}>
            Cancel training
          </Button>
        </InlineStack>
        <div data-testid="training-progress">
          <ProgressBar progress={Math.round(training.progress * 100)} />
        </div>
        <Text as="p" tone="subdued">
          {Math.round(training.progress * 100)}% · {training.message || 'Waiting to start'}. The current model keeps serving until the new one is ready.
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
        <Banner tone="warning" title="The last training did not finish">
          <p>{last.error ?? 'Unknown error'}. The previous model is still serving; try again later.</p>
        </Banner>
      )}
      {last && last.status === 'cancelled' && (
        <Banner tone="info">
          <p>The last training was cancelled. The previous model is still serving.</p>
        </Banner>
      )}
      {!data.active && (
        <Banner tone="info" title="No model trained yet">
          <p>
            Until Waymark has trained on your shoppers, recommendation blocks show best sellers, bought-together products and similar products. Training runs automatically as journeys arrive;
            you can also start it now.
          </p>
        </Banner>
      )}
      {latest && latest.status !== 'active' && latest.decision && (
        <Banner tone={latest.status === 'rejected' ? 'warning' : 'info'} title={`Version ${latest.version} is not live`}>
          <p>{latest.decision}</p>
        </Banner>
      )}
    </>
  );
}

const STATUS: Record<string, string> = { retired: 'Replaced', challenger: 'Challenger', rejected: 'Not used' };

/** Every version with its quality against best sellers, its go-live decision, and rollback / make-live. */
function TrainingHistory({ history, locked, onAct }: { history: ModelVersion[]; locked: boolean; onAct: (what: ModelAction) => void }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Training history
        </Text>
        <Table
          label="Training history"
          numeric={[false, false, true, true, false, false, false]}
          headings={['Version', 'Model', 'Next product in its top 20 (best sellers)', 'Ranking score, MRR@20 (best sellers)', 'Trained', 'Status', '']}
          rows={history.map((v) => [
            `v${v.version}`,
            modelName(v.kind),
            `${pct(num(v.metrics.hr20))} (${pct(num(v.baseline.hr20))})`,
            `${f3(num(v.metrics.mrr20))} (${f3(num(v.baseline.mrr20))})`,
            fmtDateTime(v.createdAt),
            <BlockStack gap="100" key="status">
              {v.status === 'active' ? <Badge tone="success">Active</Badge> : <Badge tone={v.status === 'rejected' ? 'warning' : undefined}>{STATUS[v.status] ?? v.status}</Badge>}
              {v.decision && (
                <Text as="span" variant="bodySm" tone="subdued">
                  {v.decision}
                </Text>
              )}
            </BlockStack>,
            v.canActivate ? (
              <Button key="activate" size="slim" onClick={() => onAct(`${v.version}/activate`)} disabled={locked}>
                {v.status === 'retired' ? `Roll back to v${v.version}` : 'Make live'}
              </Button>
            ) : (
              ''
            ),
          ])}
        />
      </BlockStack>
    </Card>
  );
}
