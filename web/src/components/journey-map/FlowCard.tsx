/**
 * The journey map's flow card: the flow chart (or its table), the controls that choose
 * what it shows (anchor, level of detail, nodes per step, checkout steps, groups), and the
 * numbers of the selected node. Every choice lives in the URL.
 */
import { useEffect, useState } from 'react';
import { Banner, BlockStack, Box, Button, ButtonGroup, Card, InlineStack, Select, Spinner, Text } from '@shopify/polaris';
import { fmtInt, fmtPct } from '../../format';
import { patchSearch } from '../../page-filters';
import type { JourneyMapAnswer } from '../../../../app/api-contract/analytics';
import { columnHeading, nodeName, type Flow, type FlowNode } from '../flow-nodes';
import { SankeyChart } from '../Sankey';
import { FlowTable } from './FlowTable';

type SetParams = (patch: Record<string, string | null>) => void;

const TITLES: Record<Flow['anchor'], string> = {
  start: 'How shoppers move through your store',
  purchase: 'How shoppers get to a purchase',
  exit: 'How shoppers get to leaving',
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
            {loading && <Spinner size="small" accessibilityLabel="Updating" />}
            <FlowControls flow={flow} top={search.get('top') ?? '6'} set={set} />
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
            {flow.anchor === 'start'
              ? 'Columns are the pages of a visit, from the page it started on. Red flows are shoppers leaving. Click a page type for details; click “Other” to show more.'
              : `Columns are the pages before the ${flow.anchor === 'purchase' ? 'purchase' : 'last page seen'}, read left to right. Click a node for details; click “Other” to show more.`}
          </Text>
          <InlineStack gap="300" blockAlign="center">
            {flow.detail !== 'item' && <CheckoutToggle steps={search.get('checkout') === 'steps'} set={set} />}
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
        {TITLES[anchor]}
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
  );
}

function FlowControls({ flow, top, set }: { flow: Flow; top: string; set: SetParams }) {
  const anchor = flow.anchor;
  return (
    <>
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
      {steps ? 'Show checkout as one step' : 'Show each checkout step'}
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
          {fmtInt(node.sessions)} sessions ({fmtPct(flow.totals.sessions ? node.sessions / flow.totals.sessions : 0)} of all), {fmtInt(node.purchases)} went on to
          purchase ({fmtPct(node.sessions ? node.purchases / node.sessions : 0)}).
          {flow.anchor === 'start'
            ? ` ${fmtInt(node.exits)} left the store from here (${fmtPct(node.dropOffRate)} drop-off).`
            : ` ${fmtInt(node.exits)} started their visit here.`}
        </Text>
      </BlockStack>
    </Box>
  );
}
