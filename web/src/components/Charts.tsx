/**
 * Polaris Viz charts (loaded lazily: the library is the heaviest part of the page, and
 * the headline numbers and the flow chart can show before it arrives).
 */
import { BarChart, FunnelChartNext, PolarisVizProvider } from '@shopify/polaris-viz';
import '@shopify/polaris-viz/build/esm/styles.css';
import { fmtInt, fmtPct, stepLabel } from '../format';
import type { FunnelStep } from '../../../app/api-contract/analytics';

/** Hidden from screen readers and out of the tab order (React 18 has no `inert` prop). */
const inert = (el: HTMLElement | null) => el?.setAttribute('inert', '');

export default function Charts(props: { kind: 'funnel'; steps: FunnelStep[] } | { kind: 'dwell'; rows: Array<{ step: string; medianMs: number | null }> }) {
  return (
    <PolarisVizProvider>
      {props.kind === 'funnel' ? (
        // The chart is a picture of the table beside it: screen readers read the table.
        <div style={{ height: 300 }} data-testid="funnel-chart" aria-hidden="true" ref={inert}>
          <FunnelChartNext
            data={[{ name: 'Sessions', data: props.steps.map((s) => ({ key: stepLabel(s.step), value: s.sessions })) }]}
            tooltipLabels={{ reached: 'Reached this step', dropped: 'Left before this step' }}
            labelFormatter={(v) => fmtInt(Number(v))}
            percentageFormatter={(v) => fmtPct(v / 100)}
            renderScaleIconTooltipContent={() => 'The first bar is shortened so the later steps stay readable.'}
          />
        </div>
      ) : (
        <div style={{ height: Math.max(160, props.rows.length * 34 + 40) }} data-testid="dwell-chart" aria-hidden="true" ref={inert}>
          <BarChart
            direction="horizontal"
            showLegend={false}
            data={[{ name: 'Median time on step (seconds)', data: props.rows.map((r) => ({ key: stepLabel(r.step), value: r.medianMs === null ? null : Math.round(r.medianMs / 100) / 10 })) }]}
            xAxisOptions={{ labelFormatter: (v) => `${v} s` }}
          />
        </div>
      )}
    </PolarisVizProvider>
  );
}
