/** The journey map's funnel: chosen steps (in the URL), chart and table, optionally against the previous period. */
import { useState } from 'react';
import { BlockStack, Box, Button, Card, ChoiceList, InlineStack, Popover, Text } from '@shopify/polaris';
import { fmtDuration, fmtInt, fmtPct, stepLabel } from '../../format';
import { patchSearch } from '../../page-filters';
import type { FunnelAnswer, JourneyMapAnswer } from '../../../../app/api-contract/analytics';
import { Table } from '../Table';
import { LazyChart } from './LazyChart';

const FUNNEL_TOKENS = ['session', 'home', 'collection', 'search', 'product', 'cart', 'checkout', 'checkout_contact', 'checkout_address', 'checkout_shipping', 'checkout_payment', 'purchase', 'other'];
const DEFAULT_STEPS = 'session,product,cart,checkout,purchase';

export function FunnelCard({ data, search, compare }: { data: JourneyMapAnswer; search: URLSearchParams; compare: boolean }) {
  const f = data.funnel;
  const setSteps = (steps: string[] | null) => patchSearch(search, { steps: !steps || steps.join(',') === DEFAULT_STEPS ? null : steps.join(',') });
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
          <StepChooser chosen={(search.get('steps') ?? DEFAULT_STEPS).split(',')} onChoose={setSteps} />
        </InlineStack>
        <LazyChart height={300} kind="funnel" steps={f.steps} />
        <Table
          label="Funnel steps"
          numeric={[false, true, true, true, true, true, ...(compare ? [true] : [])]}
          headings={['Step', 'Sessions', 'Of all sessions', 'From previous step', 'Dropped off', 'Median time from previous step', ...(compare ? ['Previous period'] : [])]}
          rows={funnelRows(f, compare)}
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

function funnelRows(f: FunnelAnswer, compare: boolean) {
  return f.steps.map((s, i) => {
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
}

/** "Choose steps": a popover with the funnel's step tokens; Apply needs 2 to 10 of them, Reset restores the default. */
function StepChooser({ chosen, onChoose }: { chosen: string[]; onChoose: (steps: string[] | null) => void }) {
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<string[]>(chosen);
  const choose = (steps: string[] | null) => {
    onChoose(steps);
    setOpen(false);
  };
  return (
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
            <Button variant="primary" disabled={draft.length < 2 || draft.length > 10} onClick={() => choose(draft)}>
              Apply
            </Button>
            <Button onClick={() => choose(null)}>Reset</Button>
          </InlineStack>
        </BlockStack>
      </Box>
    </Popover>
  );
}
