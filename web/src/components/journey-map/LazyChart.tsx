/** A Polaris Viz chart, loaded on first use, with a spinner of the same height meanwhile. */
import { Suspense, lazy, type ComponentProps } from 'react';
import { Spinner } from '@shopify/polaris';
import { t } from '../../i18n';

const Charts = lazy(() => import('../Charts'));

function ChartFallback({ height }: { height: number }) {
  return (
    <div style={{ height, display: 'grid', placeItems: 'center' }}>
      <Spinner size="small" accessibilityLabel={t('chart.loading')} />
    </div>
  );
}

export function LazyChart({ height, ...chart }: { height: number } & ComponentProps<typeof Charts>) {
  return (
    <Suspense fallback={<ChartFallback height={height} />}>
      <Charts {...(chart as ComponentProps<typeof Charts>)} />
    </Suspense>
  );
}
