/**
 * First-run checklist: pixel collecting, storefront blocks placed (deep link to the theme
 * editor), the session embed on (deep link to the theme editor's app embeds; detected from
 * storefront requests that carry its context), first model trained (with live progress).
 * Hidden once done or dismissed.
 */
import { useState } from 'react';
import { Badge, BlockStack, Box, Button, Card, InlineStack, ProgressBar, Text } from '@shopify/polaris';
import { fmtInt } from '../format';
import { useApi } from '../hooks';
import { t } from '../i18n';
import type { ShopAnswer } from '../../../app/api-contract/shop';
import type { PerformanceAnswer } from '../../../app/api-contract/recs';
import { navigate } from '../router';
import type { ModelsAnswer } from '../../../app/api-contract/models';

/** The theme app blocks (extensions/waymark-blocks/blocks) and the placement each reports. */
export const BLOCKS = [
  { handle: 'recommended-for-you', placement: 'recommended', name: 'Recommended for you', template: 'index' },
  { handle: 'also-like', placement: 'also_like', name: 'You may also like', template: 'product' },
  { handle: 'bought-together', placement: 'bought_together', name: 'Frequently bought together', template: 'product' },
] as const;

/** A block's name in the admin's language (as the theme editor shows it). */
export const blockName = (b: (typeof BLOCKS)[number]) => t(`block.${b.placement}`);

/** The app's API key, from the meta tag the server adds inside Shopify admin. */
export function appApiKey(): string | null {
  return document.querySelector<HTMLMetaElement>('meta[name="shopify-api-key"]')?.content || null;
}

export function themeEditorLink(shop: string, block: string, template = 'product'): string {
  const key = appApiKey() ?? 'waymark';
  return `https://${shop}/admin/themes/current/editor?template=${template}&addAppBlockId=${encodeURIComponent(key)}/${block}&target=newAppsSection`;
}

/** Shopify's deep link that opens the theme editor's app embeds with Waymark's embed switched on. */
export function embedEditorLink(shop: string, handle = 'waymark-embed'): string {
  const key = appApiKey() ?? 'waymark';
  return `https://${shop}/admin/themes/current/editor?context=apps&activateAppId=${encodeURIComponent(key)}/${handle}`;
}

function Step({ done, title, children }: { done: boolean; title: string; children?: React.ReactNode }) {
  return (
    <InlineStack align="start" gap="300" blockAlign="start" wrap={false}>
      <Box minWidth="90px">{done ? <Badge tone="success">{t('onboarding.done')}</Badge> : <Badge tone="attention">{t('onboarding.todo')}</Badge>}</Box>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm">
          {title}
        </Text>
        {children}
      </BlockStack>
    </InlineStack>
  );
}

/** `ready`: the page's own data has arrived, so the checklist's requests don't compete with it. */
export function Onboarding({ shop, ready = true }: { shop: ShopAnswer; ready?: boolean }) {
  const key = `waymark:onboarding-dismissed:${shop.shop}`;
  const [dismissed, setDismissed] = useState(() => localStorage.getItem(key) === '1');
  // Blocks count as placed once shoppers have seen one (recorded block views, last 30 days).
  const perf = useApi<PerformanceAnswer>(dismissed || !ready ? null : '/recommendations/performance');
  const blocksPlaced = perf.data ? perf.data.total.impressions > 0 : null;
  const models = useApi<ModelsAnswer>(shop.activeModel || dismissed || !ready ? null : '/models', { pollMs: shop.activeModel ? undefined : 3000 });
  const pixel = shop.pixelActive && shop.counts.events > 0;
  const trained = Boolean(shop.activeModel || models.data?.active);
  const training = models.data?.training;
  const embedOn = shop.embed?.active === true;
  const STEPS = 4;
  const done = [pixel, blocksPlaced === true, embedOn, trained].filter(Boolean).length;
  if (dismissed || done === STEPS) return null;
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center">
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              {t('onboarding.title')}
            </Text>
            <Text as="p" tone="subdued">
              {t('onboarding.progress', { done: fmtInt(done), total: fmtInt(STEPS) })}
            </Text>
          </BlockStack>
          <Button
            variant="plain"
            onClick={() => {
              localStorage.setItem(key, '1');
              setDismissed(true);
            }}
          >
            {t('onboarding.dismiss')}
          </Button>
        </InlineStack>
        <ProgressBar progress={(done / STEPS) * 100} size="small" tone="primary" />
        <BlockStack gap="400">
          <Step done={pixel} title={t('onboarding.pixel.title')}>
            <Text as="p" tone="subdued">
              {pixel
                ? t('onboarding.pixelOn', { count: fmtInt(shop.counts.events) })
                : shop.pixelActive
                  ? t('onboarding.pixel.waiting')
                  : t('onboarding.pixel.off')}
            </Text>
          </Step>
          <Step done={blocksPlaced === true} title={t('onboarding.blocks.title')}>
            <Text as="p" tone="subdued">
              {blocksPlaced === null
                ? t('onboarding.blocks.unknown')
                : blocksPlaced
                  ? t('onboarding.blocks.seen')
                  : t('onboarding.blocks.none')}
            </Text>
            <InlineStack align="start" gap="200" wrap>
              {BLOCKS.map((b) => (
                <Button key={b.handle} url={themeEditorLink(shop.shop, b.handle, b.template)} target="_blank" size="slim">
                  {t('block.add', { name: blockName(b) })}
                </Button>
              ))}
            </InlineStack>
          </Step>
          <Step done={embedOn} title={t('onboarding.embed.title')}>
            <Text as="p" tone="subdued">
              {embedOn
                ? t('onboarding.embed.on')
                : t('onboarding.embed.off')}
            </Text>
            {!embedOn && (
              <InlineStack gap="200">
                <Button url={embedEditorLink(shop.shop, shop.embed?.handle)} target="_blank" size="slim">
                  {t('onboarding.embed.action')}
                </Button>
              </InlineStack>
            )}
          </Step>
          <Step done={trained} title={t('onboarding.model.title')}>
            {training ? (
              <BlockStack gap="100">
                <ProgressBar progress={Math.round(training.progress * 100)} size="small" />
                <Text as="p" tone="subdued" variant="bodySm">
                  {Math.round(training.progress * 100)}% · {training.message || t('onboarding.model.started')}
                </Text>
              </BlockStack>
            ) : (
              <Text as="p" tone="subdued">
                {trained
                  ? t('onboarding.model.live')
                  : t('onboarding.model.waiting')}
              </Text>
            )}
            {!trained && !training && (
              <InlineStack align="start">
                <Button size="slim" onClick={() => navigate('/app/models', {})}>
                  {t('onboarding.model.go')}
                </Button>
              </InlineStack>
            )}
          </Step>
        </BlockStack>
      </BlockStack>
    </Card>
  );
}
