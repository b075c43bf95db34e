/**
 * Polaris Viz charts (loaded lazily: the library is the heaviest part of the page, and
 * the headline numbers and the flow chart can show before it arrives).
 */
import { BarChart, PolarisVizProvider } from '@shopify/polaris-viz';
import '@shopify/polaris-viz/build/esm/styles.css';
import { stepLabel } from '../format';
import { t } from '../i18n';

/** Hidden from screen readers and out of the tab order (React 18 has no `inert` prop). */
const inert = (el: HTMLElement | null) => el?.setAttribute('inert', '');

export default function Charts(props: { kind: 'dwell'; rows: Array<{ step: string; medianMs: number | null }> }) {
  return (
    <PolarisVizProvider>
      <div style={{ height: Math.max(160, props.rows.length * 34 + 40) }} data-testid="dwell-chart" aria-hidden="true" ref={inert}>
        <BarChart
          direction="horizontal"
          showLegend={false}
          data={[{ name: t('chart.medianSeconds'), data: props.rows.map((r) => ({ key: stepLabel(r.step), value: r.medianMs === null ? null : Math.round(r.medianMs / 100) / 10 })) }]}
          xAxisOptions={{ labelFormatter: (v) => `${v} s` }}
        />
      </div>
    </PolarisVizProvider>
  );
}
