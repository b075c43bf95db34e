/**
 * Journey map (landing page): headline metrics with change vs the comparison period, the
 * flow chart, the funnel, time on each step and the top paths. Every number comes from
 * one /api/journey-map answer for the chosen filters, so sessions agree across views.
 */
import { Suspense, lazy, useEffect, useMemo, useState } from 'react';
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  ButtonGroup,
  Card,
  ChoiceList,
  EmptyState,
  InlineGrid,
  InlineStack,
  Layout,
  Popover,
  Select,
  SkeletonBodyText,
  SkeletonDisplayText,
  Spinner,
  Tabs,
  Text,
} from '@shopify/polaris';
import { AppPage } from '../components/AppPage';
import { FilterBar } from '../components/FilterBar';
import { Table } from '../components/Table';
import { Onboarding } from '../components/Onboarding';
import { SankeyChart, columnHeading, nodeName, type Flow, type FlowNode } from '../components/Sankey';
import { journeyMapPath, initialRange } from '../landing';
import { apiQuery, dayOf, filtersFrom, filtersToSearch, segmentSummary, type Filters } from '../filters';
import { change, fmtDate, fmtDuration, fmtInt, fmtMoney, fmtPct, stepLabel } from '../format';
import { useApi, useShop, type ShopOverview } from '../hooks';
import { navigate, useLocation } from '../router';
import type { Headline, JourneyMapAnswer, PathsAnswer } from '../../../app/api-contract/analytics';

const Charts = lazy(() => import('../components/Charts'));

const FUNNEL_TOKENS = ['session', 'home', 'collection', 'search', 'product', 'cart', 'checkout', 'checkout_contact', 'checkout_address', 'checkout_shipping', 'checkout_payment', 'purchase', 'other'];
const DEFAULT_STEPS = 'session,product,cart,checkout,purchase';


function Metric({
  id,
  label,
  value,
  current,
  previous,
  compare,
  help,
}: {
  id: string;
  label: string;
  value: string;
  current: number;
  previous: number;
  compare: boolean;
  help: string;
}) {
  const c = change(current, previous);
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <InlineStack align="start" gap="200" blockAlign="center">
          <span data-testid={`headline-${id}`} data-value={current}>
            <Text as="p" variant="heading2xl">
              {value}
            </Text>
          </span>
          {compare && c !== null && (
            <Badge tone={Math.abs(c) < 0.005 ? undefined : c > 0 ? 'success' : 'critical'}>{`${c > 0 ? '▲' : c < 0 ? '▼' : ''} ${fmtPct(Math.abs(c))}`}</Badge>
          )}
          {compare && c === null && <Badge>New</Badge>}
        </InlineStack>
        <Text as="p" variant="bodySm" tone="subdued">
          {help}
        </Text>
      </BlockStack>
    </Card>
  );
}

function Headlines({ data, compare: asked }: { data: JourneyMapAnswer; compare: boolean }) {
  const { current: h, previous: p } = data.headline;
  // Against an empty previous period every number would read "New": compare only with data.
  const compare = asked && p.sessions > 0;
  const was = (s: string) => (compare ? `Was ${s}` : ' ');
  const metric = (k: keyof Headline) => ({ current: h[k], previous: p[k], compare });
  return (
    <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
      <Metric id="sessions" label="Sessions" value={fmtInt(h.sessions)} help={was(fmtInt(p.sessions))} {...metric('sessions')} />
      <Metric id="conversion" label="Conversion rate" value={fmtPct(h.conversionRate, 2)} help={compare ? `Was ${fmtPct(p.conversionRate, 2)}` : 'Sessions that purchased'} {...metric('conversionRate')} />
      <Metric id="purchases" label="Sessions with a purchase" value={fmtInt(h.purchases)} help={was(fmtInt(p.purchases))} {...metric('purchases')} />
      <Metric id="revenue" label="Revenue" value={fmtMoney(h.revenue, data.currency)} help={compare ? `Was ${fmtMoney(p.revenue, data.currency)}` : `${fmtInt(h.orders)} orders`} {...metric('revenue')} />
    </InlineGrid>
  );
}

function SkeletonPage() {
  return (
    <BlockStack gap="400">
      <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
        {[0, 1, 2, 3].map((i) => (
          <Card key={i}>
            <BlockStack gap="200">
              <SkeletonBodyText lines={1} />
              <SkeletonDisplayText size="medium" />
            </BlockStack>
          </Card>
        ))}
      </InlineGrid>
      <Card>
        <BlockStack gap="300">
          <SkeletonDisplayText size="small" />
          <div style={{ height: 360, background: 'var(--p-color-bg-surface-secondary)', borderRadius: 8 }} />
        </BlockStack>
      </Card>
    </BlockStack>
  );
}

function ChartFallback({ height }: { height: number }) {
  return (
    <div style={{ height, display: 'grid', placeItems: 'center' }}>
      <Spinner size="small" accessibilityLabel="Loading chart" />
    </div>
  );
}

function FirstDay({ shop }: { shop: ShopOverview }) {
  return (
    <Card>
      <EmptyState heading="Your journey map fills in as shoppers arrive" image="">
        <BlockStack gap="200">
          <p>
            {shop.pixelActive
              ? 'The Waymark pixel is installed on your store. The first journeys show up here a few minutes after the first visits; a useful map needs a few days of traffic.'
              : 'Waymark is waiting for the pixel to connect. It is added when you install the app; if nothing arrives within an hour, reinstall the app.'}
          </p>
          <p>In the meantime, add the recommendation blocks to your theme: they show best sellers until Waymark has learned from your shoppers.</p>
        </BlockStack>
      </EmptyState>
    </Card>
  );
}

/** The flow chart's numbers as a table: one row per node, column by column. */
function FlowTable({ flow }: { flow: Flow }) {
  return (
    <Table
      label="Flow chart as a table"
      testid="flow-table"
      numeric={[false, false, true, true, true]}
      headings={['Column', 'Page', 'Sessions', 'Purchased', flow.anchor === 'start' ? 'Left here' : 'Started here']}
      rows={flow.nodes.map((n) => [
        columnHeading(n.position, flow.anchor),
        n.kind === 'exit' ? 'Left the store' : n.kind === 'entry' ? 'Started the visit' : nodeName(n, flow),
        <span key="s" data-node={n.id} data-value={n.sessions}>
          {fmtInt(n.sessions)}
        </span>,
        fmtInt(n.purchases),
        n.kind === 'exit' || n.kind === 'entry' ? '–' : fmtInt(n.exits),
      ])}
    />
  );
}

function FlowCard({ data, search, loading }: { data: JourneyMapAnswer; search: URLSearchParams; loading: boolean }) {
  const flow = data.flow;
  // An insight can point at one product or collection (focus=product:123): select its node.
  const focus = search.get('focus');
  const [selected, setSelected] = useState<FlowNode | null>(null);
  useEffect(() => setSelected((focus && flow.nodes.find((n) => n.node === focus)) || null), [flow, focus]);
  const set = (patch: Record<string, string | null>) => {
    const s = new URLSearchParams(search);
    for (const [k, v] of Object.entries(patch)) (v === null ? s.delete(k) : s.set(k, v));
    navigate(window.location.pathname, s, { replace: true });
  };
  const anchor = flow.anchor;
  const expand = search.get('expand');
  const [asTable, setAsTable] = useState(false);
  const checkoutSteps = search.get('checkout') === 'steps';
  const title =
    anchor === 'start' ? 'How shoppers move through your store' : anchor === 'purchase' ? 'How shoppers get to a purchase' : 'How shoppers get to leaving';
  const exits = flow.nodes.filter((n) => n.kind === 'exit').reduce((a, n) => a + n.sessions, 0);
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="start" gap="300" wrap>
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              {title}
            </Text>
            <Text as="p" tone="subdued" data-testid="sankey-total">
              <span data-testid="sankey-sessions">{fmtInt(flow.totals.sessions)}</span>
              {anchor === 'start' ? ' sessions · ' : anchor === 'purchase' ? ' sessions that purchased' : ' sessions that left without buying'}
              <span data-testid="sankey-purchases" hidden={anchor !== 'start'}>
                {fmtInt(flow.totals.purchases)}
              </span>
              {anchor === 'start' ? ' with a purchase' : ''}
              {anchor === 'start' && exits > 0 ? ` · ${fmtInt(exits)} left within ${flow.depth} steps` : ''}
            </Text>
          </BlockStack>
          <InlineStack align="start" gap="200" blockAlign="center" wrap>
            {loading && <Spinner size="small" accessibilityLabel="Updating" />}
            <ButtonGroup variant="segmented">
              <Button pressed={anchor === 'start'} onClick={() => set({ anchor: null, expand: null })}>
                From entry
              </Button>
              <Button pressed={anchor === 'purchase'} onClick={() => set({ anchor: 'purchase', expand: null })}>
                To purchase
              </Button>
              <Button pressed={anchor === 'exit'} onClick={() => set({ anchor: 'exit', expand: null })}>
                To exit
              </Button>
            </ButtonGroup>
            <div style={{ width: 190 }}>
              <Select
                label="Level of detail"
                labelHidden
                options={[
                  { label: 'Page types', value: 'step' },
                  { label: 'Products and collections', value: 'item' },
                ]}
                value={flow.detail ?? 'step'}
                onChange={(v) => set({ detail: v === 'step' ? null : v, expand: null })}
              />
            </div>
            <div style={{ width: 130 }}>
              <Select
                label="Nodes per step"
                labelHidden
                options={['4', '6', '8', '12'].map((v) => ({ label: `Top ${v}`, value: v }))}
                value={search.get('top') ?? '6'}
                onChange={(v) => set({ top: v === '6' ? null : v, expand: null })}
              />
            </div>
          </InlineStack>
        </InlineStack>
        {flow.detail === 'item' && flow.filtersExact === false && (
          <Banner tone="info">
            <p>Products and collections are shown for all shoppers in this date range: segment filters apply to the page-type view only.</p>
          </Banner>
        )}
        {flow.totals.sessions === 0 ? (
          <Text as="p" tone="subdued">
            No journeys to draw for these filters.
          </Text>
        ) : (
          asTable ? (
            <FlowTable flow={flow} />
          ) : (
            <SankeyChart
              flow={flow}
              onExpand={(p) => set({ expand: expand ? `${expand},${p}` : String(p) })}
              onExpandCheckout={() => set({ checkout: 'steps', expand: null })}
              onSelect={setSelected}
              selected={selected?.id}
            />
          )
        )}
        <InlineStack align="space-between" blockAlign="center" wrap>
          <Text as="p" variant="bodySm" tone="subdued">
            {anchor === 'start'
              ? 'Columns are the pages of a visit, from the page it started on. Red flows are shoppers leaving. Click a page type for details; click “Other” to show more.'
              : `Columns are the pages before the ${anchor === 'purchase' ? 'purchase' : 'last page seen'}, read left to right. Click a node for details; click “Other” to show more.`}
          </Text>
          <InlineStack gap="300" blockAlign="center">
            {flow.detail !== 'item' && (
              <Button variant="plain" onClick={() => set({ checkout: checkoutSteps ? null : 'steps', expand: null })}>
                {checkoutSteps ? 'Show checkout as one step' : 'Show each checkout step'}
              </Button>
            )}
            {expand && (
              <Button variant="plain" onClick={() => set({ expand: null })}>
                Collapse groups
              </Button>
            )}
            <Button variant="plain" onClick={() => setAsTable(!asTable)} pressed={asTable}>
              {asTable ? 'Show as chart' : 'Show as table'}
            </Button>
          </InlineStack>
        </InlineStack>
        {selected && (
          <Box background="bg-surface-secondary" padding="300" borderRadius="200">
            <BlockStack gap="100">
              <Text as="h3" variant="headingSm">
                {nodeName(selected, flow)} · {columnHeading(selected.position, anchor)}
              </Text>
              <Text as="p">
                {fmtInt(selected.sessions)} sessions ({fmtPct(flow.totals.sessions ? selected.sessions / flow.totals.sessions : 0)} of all), {fmtInt(selected.purchases)} went on to
                purchase ({fmtPct(selected.sessions ? selected.purchases / selected.sessions : 0)}).
                {anchor === 'start'
                  ? ` ${fmtInt(selected.exits)} left the store from here (${fmtPct(selected.dropOffRate)} drop-off).`
                  : ` ${fmtInt(selected.exits)} started their visit here.`}
              </Text>
            </BlockStack>
          </Box>
        )}
      </BlockStack>
    </Card>
  );
}

function FunnelCard({ data, search, compare }: { data: JourneyMapAnswer; search: URLSearchParams; compare: boolean }) {
  const [open, setOpen] = useState(false);
  const chosen = (search.get('steps') ?? DEFAULT_STEPS).split(',');
  const [draft, setDraft] = useState<string[]>(chosen);
  const f = data.funnel;
  const setSteps = (steps: string[] | null) => {
    const s = new URLSearchParams(search);
    if (!steps || steps.join(',') === DEFAULT_STEPS) s.delete('steps');
    else s.set('steps', steps.join(','));
    navigate(window.location.pathname, s, { replace: true });
  };
  const rows = f.steps.map((s, i) => {
    const prev = f.previous.steps[i];
    return [
      <Text as="span" fontWeight="semibold" key="n">
        {stepLabel(s.step)}
      </Text>,
      <span key="s" data-testid={`funnel-${s.step}`} data-value={s.sessions}>
        {fmtInt(s.sessions)}
      </span>,
      fmtPct(s.conversionFromStart),
      i === 0 ? '100%' : fmtPct(s.conversionFromPrevious),
      i === 0 ? '–' : `${fmtInt(s.dropOff)} (${fmtPct(s.dropOffRate)})`,
      i === 0 ? '–' : fmtDuration(s.timeFromPrevious?.medianMs),
      ...(compare ? [prev ? `${fmtInt(prev.sessions)}${i ? ` · ${fmtPct(prev.conversionFromPrevious)}` : ''}` : '–'] : []),
    ];
  });
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="start" wrap>
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              Funnel
            </Text>
            <Text as="p" tone="subdued">
              {fmtPct(f.overallConversion, 2)} of sessions reach {stepLabel(f.steps[f.steps.length - 1]?.step ?? '').toLowerCase()}. A session counts at every step up to the furthest one it reached.
            </Text>
          </BlockStack>
          <Popover
            active={open}
            onClose={() => setOpen(false)}
            activator={
              <Button
                disclosure
                onClick={() => {
                  setDraft(chosen);
                  setOpen(!open);
                }}
              >
                Choose steps
              </Button>
            }
          >
            <Box padding="400" minWidth="260px">
              <BlockStack gap="300">
                <ChoiceList
                  title="Funnel steps (2 to 10)"
                  allowMultiple
                  choices={FUNNEL_TOKENS.map((t) => ({ label: stepLabel(t), value: t }))}
                  selected={draft}
                  onChange={(v) => setDraft(FUNNEL_TOKENS.filter((t) => v.includes(t)))}
                />
                <InlineStack align="start" gap="200">
                  <Button
                    variant="primary"
                    disabled={draft.length < 2 || draft.length > 10}
                    onClick={() => {
                      setSteps(draft);
                      setOpen(false);
                    }}
                  >
                    Apply
                  </Button>
                  <Button
                    onClick={() => {
                      setSteps(null);
                      setOpen(false);
                    }}
                  >
                    Reset
                  </Button>
                </InlineStack>
              </BlockStack>
            </Box>
          </Popover>
        </InlineStack>
        <Suspense fallback={<ChartFallback height={300} />}>
          <Charts kind="funnel" steps={f.steps} />
        </Suspense>
        <Table
          label="Funnel steps"
          numeric={[false, true, true, true, true, true, ...(compare ? [true] : [])]}
          headings={['Step', 'Sessions', 'Of all sessions', 'From previous step', 'Dropped off', 'Median time from previous step', ...(compare ? ['Previous period'] : [])]}
          rows={rows}
        />
        <Text as="p" variant="bodySm" tone="subdued">
          The chart's percentages are of all sessions (the first step), as in “Of all sessions”; “From previous step” is of the step before.
        </Text>
        {!f.timesExact && (
          <Text as="p" variant="bodySm" tone="subdued">
            Times between steps use the first segment filter only.
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}

function DwellCard({ data }: { data: JourneyMapAnswer }) {
  const rows = data.dwell.steps.filter((s) => s.step !== 'purchase').slice(0, 10);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Time on each step
        </Text>
        <Text as="p" tone="subdued">
          Median time shoppers spend on a page type before their next step (the last page of a visit has no measurable time).
        </Text>
        {rows.length === 0 ? (
          <Text as="p" tone="subdued">
            Not enough visits with a next step yet.
          </Text>
        ) : (
          <>
            <Suspense fallback={<ChartFallback height={200} />}>
              <Charts kind="dwell" rows={rows} />
            </Suspense>
            <Table
              label="Time on each step"
              numeric={[false, true, true, true]}
              headings={['Step', 'Visits', 'Median', 'Average']}
              rows={rows.map((r) => [stepLabel(r.step), fmtInt(r.visits), fmtDuration(r.medianMs), fmtDuration(r.meanMs)])}
            />
          </>
        )}
        {!data.dwell.exact && (
          <Text as="p" variant="bodySm" tone="subdued">
            Uses the first segment filter only.
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}

function PathsCard({ filters }: { filters: Filters }) {
  const [tab, setTab] = useState(0);
  const outcome = tab === 0 ? 'purchase' : 'exit';
  const paths = useApi<PathsAnswer>(`/paths?${apiQuery(filters, { outcome, limit: 8 })}`);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Top paths
        </Text>
        <Tabs
          tabs={[
            { id: 'paths-purchase', content: 'To purchase' },
            { id: 'paths-exit', content: 'To exit without buying' },
          ]}
          selected={tab}
          onSelect={setTab}
        />
        {paths.error && <Banner tone="critical">{`Top paths could not be loaded: ${paths.error.message}`}</Banner>}
        {!paths.data && !paths.error && <SkeletonBodyText lines={5} />}
        {paths.data && paths.data.paths.length === 0 && (
          <Text as="p" tone="subdued">
            {outcome === 'purchase' ? 'No purchases in this period and segment yet.' : 'No visits ended without a purchase.'}
          </Text>
        )}
        {paths.data && paths.data.paths.length > 0 && (
          <div data-testid={`paths-${paths.data.outcome}`}>
            <Table
              label={outcome === 'purchase' ? 'Top paths to a purchase' : 'Top paths to leaving without buying'}
              numeric={[false, true, true, true]}
              headings={['Path', 'Sessions', outcome === 'purchase' ? 'Purchases' : 'Left without buying', outcome === 'purchase' ? 'Share of purchases' : 'Share of exits']}
              rows={paths.data.paths.map((p) => [
                <span key="p" style={{ whiteSpace: 'normal' }}>
                  {p.steps.map((s) => (s === '+' ? '…' : stepLabel(s))).join(' → ')}
                  {outcome === 'exit' ? ' → Exit' : ''}
                </span>,
                fmtInt(p.sessions),
                fmtInt(outcome === 'purchase' ? p.purchases : p.sessions - p.purchases),
                fmtPct(p.share),
              ])}
            />
          </div>
        )}
      </BlockStack>
    </Card>
  );
}

export default function JourneyMapPage() {
  const shop = useShop();
  const { search } = useLocation();
  const today = shop.data?.today ?? dayOf(Date.now());
  const fallback = useMemo(() => initialRange(shop.data, today), [shop.data, today]);
  const filters = filtersFrom(search, fallback);
  const map = useApi<JourneyMapAnswer>(journeyMapPath(search, fallback));
  const onFilters = (f: Filters) => navigate(window.location.pathname, filtersToSearch(f, search));
  const segments = segmentSummary(filters);
  const noData = shop.data && shop.data.counts.events === 0;
  const data = map.data;
  // Headline and flow chart first; the cards below the fold mount right after that paint.
  const [below, setBelow] = useState(false);
  useEffect(() => {
    if (!data || below) return;
    let t = 0;
    const f = requestAnimationFrame(() => {
      t = window.setTimeout(() => setBelow(true), 0);
    });
    return () => {
      cancelAnimationFrame(f);
      clearTimeout(t);
    };
  }, [data, below]);

  return (
    <AppPage title="Journey map" subtitle={segments.length ? `Segment: ${segments.join(' · ')}` : 'All shoppers'} fullWidth>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {shop.data && <Onboarding shop={shop.data} ready={Boolean(map.data || map.error)} />}
            {noData ? (
              <FirstDay shop={shop.data!} />
            ) : (
              <>
                <FilterBar filters={filters} onChange={onFilters} today={today} />
                {map.error && (
                  <Banner tone="critical" title="The journey map could not be loaded" action={{ content: 'Try again', onAction: map.reload }}>
                    <p>{map.error.message}</p>
                  </Banner>
                )}
                {!data && !map.error && <SkeletonPage />}
                {data && data.headline.current.sessions === 0 && (
                  <Banner
                    tone="info"
                    title={`No sessions between ${fmtDate(filters.from)} and ${fmtDate(filters.to)}${segments.length ? ' for this segment' : ''}`}
                    action={
                      segments.length
                        ? { content: 'Clear segments', onAction: () => onFilters({ ...filters, device: '', returning: '', source: '', landing: '' }) }
                        : { content: 'Show the last 12 months', onAction: () => onFilters({ ...filters, from: dayOf(Date.parse(`${today}T00:00:00Z`) - 364 * 86_400_000), to: today }) }
                    }
                  >
                    <p>
                      {shop.data && shop.data.counts.journeys > 0
                        ? `Waymark has ${fmtInt(shop.data.counts.journeys)} sessions on record; try a wider date range or fewer filters.`
                        : 'New journeys appear a few minutes after shoppers visit.'}
                    </p>
                  </Banner>
                )}
                {data && (
                  <>
                    <Headlines data={data} compare={filters.compare} />
                    <FlowCard data={data} search={search} loading={map.loading} />
                    {below ? (
                      <>
                        <div id="funnel">
                          <FunnelCard data={data} search={search} compare={filters.compare} />
                        </div>
                        <InlineGrid columns={{ xs: 1, lg: 2 }} gap="400">
                          <DwellCard data={data} />
                          <PathsCard filters={filters} />
                        </InlineGrid>
                      </>
                    ) : (
                      <Card>
                        <SkeletonBodyText lines={8} />
                      </Card>
                    )}
                  </>
                )}
              </>
            )}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </AppPage>
  );
}
