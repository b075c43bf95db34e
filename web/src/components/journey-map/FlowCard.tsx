/**
 * The journey map's flow card: the flow chart (or its table), the controls that choose
 * what it shows (anchor, level of detail, nodes per step, checkout steps, groups), and the
 * numbers of the selected node. Every choice lives in the URL.
 */
import { useEffect, useState } from 'react';
import { Banner, BlockStack, Box, Button, ButtonGroup, Card, InlineStack, Select, Spinner, Text } from '@shopify/polaris';
import { fmtInt, fmtPct } from '../../format';
import { t, type MessageKey } from '../../i18n';
import { patchSearch } from '../../page-filters';
import type { JourneyMapAnswer } from '../../../../app/api-contract/analytics';
import { columnHeading, nodeName, type Flow, type FlowNode } from '../flow-nodes';
import { SankeyChart } from '../Sankey';
import { FlowTable } from './FlowTable';

type SetParams = (patch: Record<string, string | null>) => void;

const TITLES: Record<Flow['anchor'], MessageKey> = {
  start: 'flow.title.start',
  purchase: 'flow.title.purchase',
  exit: 'flow.title.exit',
};

export function FlowCard({ data, search, loading }: { data: JourneyMapAnswer; search: URLSearchParams; loading: boolean }) {
  const flow = data.flow;
  // An insight can point at one product or collection (focus=product:123): select its node.
  const focus = search.get('focus');
  const [selected, setSelected] = useState<FlowNode | null>(null);
  useEffect(() => setSelected((focus && flow.nodes.find((n) => n.node === focus)) || null), [flow, focus]);
  const set: SetParams = (patch) => patchSearch(search, patch);
  const expand = search.get('expand');
  const [asTable, setAsTable] = useState(false);
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="start" gap="300" wrap>
          <FlowSummary flow={flow} />
          <InlineStack align="start" gap="200" blockAlign="center" wrap>
            {loading && <Spinner size="small" accessibilityLabel={t('common.updating')} />}
            <FlowControls flow={flow} top={search.get('top') ?? '6'} set={set} />
          </InlineStack>
        </InlineStack>
        {flow.detail === 'item' && flow.filtersExact === false && (
          <Banner tone="info">
            <p>{t('flow.itemFiltersNote')}</p>
          </Banner>
        )}
        {flow.totals.sessions === 0 ? (
          <Text as="p" tone="subdued">
            {t('flow.empty')}
          </Text>
        ) : asTable ? (
          <FlowTable flow={flow} />
        ) : (
          <SankeyChart
            flow={flow}
            onExpand={(p) => set({ expand: expand ? `${expand},${p}` : String(p) })}
            onExpandCheckout={() => set({ checkout: 'steps', expand: null })}
            onSelect={setSelected}
            selected={selected?.id}
          />
        )}
        <InlineStack align="space-between" blockAlign="center" wrap>
          <Text as="p" variant="bodySm" tone="subdued">
            {t(`flow.help.${flow.anchor}`)}
          </Text>
          <InlineStack gap="300" blockAlign="center">
            {flow.detail !== 'item' && <CheckoutToggle steps={search.get('checkout') === 'steps'} set={set} />}
            {expand && (
              <Button variant="plain" onClick={() => set({ expand: null })}>
                {t('flow.collapseGroups')}
              </Button>
            )}
            <Button variant="plain" onClick={() => setAsTable(!asTable)} pressed={asTable}>
              {asTable ? t('flow.showChart') : t('flow.showTable')}
            </Button>
          </InlineStack>
        </InlineStack>
        {selected && <SelectedNode node={selected} flow={flow} />}
      </BlockStack>
    </Card>
  );
}

function FlowSummary({ flow }: { flow: Flow }) {
  const anchor = flow.anchor;
  const exits = flow.nodes.filter((n) => n.kind === 'exit').reduce((a, n) => a + n.sessions, 0);
  return (
    <BlockStack gap="100">
      <Text as="h2" variant="headingMd">
        {t(TITLES[anchor])}
      </Text>
      <Text as="p" tone="subdued" data-testid="sankey-total">
        <span data-testid="sankey-sessions">{fmtInt(flow.totals.sessions)}</span>
        {t(`flow.summary.${anchor}`)}
        <span data-testid="sankey-purchases" hidden={anchor !== 'start'}>
          {fmtInt(flow.totals.purchases)}
        </span>
        {anchor === 'start' ? t('flow.summary.withPurchase') : ''}
        {anchor === 'start' && exits > 0 ? t('flow.summary.left', { count: fmtInt(exits), depth: fmtInt(flow.depth) }) : ''}
      </Text>
    </BlockStack>
  );
}

function FlowControls({ flow, top, set }: { flow: Flow; top: string; set: SetParams }) {
  const anchor = flow.anchor;
  return (
    <>
      <ButtonGroup variant="segmented">
        <Button pressed={anchor === 'start'} onClick={() => set({ anchor: null, expand: null })}>
          {t('flow.fromEntry')}
        </Button>
        <Button pressed={anchor === 'purchase'} onClick={() => set({ anchor: 'purchase', expand: null })}>
          {t('flow.toPurchase')}
        </Button>
        <Button pressed={anchor === 'exit'} onClick={() => set({ anchor: 'exit', expand: null })}>
          {t('flow.toExit')}
        </Button>
      </ButtonGroup>
      <div style={{ width: 190 }}>
        <Select
          label={t('flow.detailLabel')}
          labelHidden
          options={[
            { label: t('flow.detail.step'), value: 'step' },
            { label: t('flow.detail.item'), value: 'item' },
          ]}
          value={flow.detail ?? 'step'}
          onChange={(v) => set({ detail: v === 'step' ? null : v, expand: null })}
        />
      </div>
      <div style={{ width: 130 }}>
        <Select
          label={t('flow.nodesPerStep')}
          labelHidden
          options={['4', '6', '8', '12'].map((v) => ({ label: t('flow.top', { count: v }), value: v }))}
          value={top}
          onChange={(v) => set({ top: v === '6' ? null : v, expand: null })}
        />
      </div>
    </>
  );
}

function CheckoutToggle({ steps, set }: { steps: boolean; set: SetParams }) {
  return (
    <Button variant="plain" onClick={() => set({ checkout: steps ? null : 'steps', expand: null })}>
      {steps ? t('flow.checkoutOne') : t('flow.checkoutEach')}
    </Button>
  );
}

function SelectedNode({ node, flow }: { node: FlowNode; flow: Flow }) {
  return (
    <Box background="bg-surface-secondary" padding="300" borderRadius="200">
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm">
          {nodeName(node, flow)} · {columnHeading(node.position, flow.anchor)}
        </Text>
        <Text as="p">
          {t('flow.node.sessions', {
            sessions: fmtInt(node.sessions),
            share: fmtPct(flow.totals.sessions ? node.sessions / flow.totals.sessions : 0),
            purchases: fmtInt(node.purchases),
            rate: fmtPct(node.sessions ? node.purchases / node.sessions : 0),
          })}
          {flow.anchor === 'start'
            ? t('flow.node.exits', { exits: fmtInt(node.exits), dropOff: fmtPct(node.dropOffRate) })
            : t('flow.node.starts', { exits: fmtInt(node.exits) })}
        </Text>
      </BlockStack>
    </Box>
  );
}
