/**
 * A failed request shown to the merchant in the words of error-text.ts: what happened, what to
 * do, the server's details where they help, and the one action that makes sense (reload the
 * page for a lapsed session, or try again). ErrorBanner for a page, ErrorLines inside a card.
 */
import { Banner, BlockStack, Button, InlineStack, Text } from '@shopify/polaris';
import { describeError, type ErrorText } from '../error-text';
import { t } from '../i18n';

const reloadPage = () => window.location.reload();

function Details({ text }: { text: ErrorText }) {
  if (!text.details) return null;
  return (
    <Text as="p" variant="bodySm" tone="subdued">
      {t('error.details', { message: text.details })}
    </Text>
  );
}

/** A page-level critical banner; `title` names what failed ("Settings could not be loaded"). */
export function ErrorBanner({ error, title, onRetry, onDismiss }: { error: unknown; title?: string; onRetry?: () => void; onDismiss?: () => void }) {
  const text = describeError(error);
  const action =
    text.action === 'reload' ? { content: t('error.reload'), onAction: reloadPage } : text.action === 'retry' && onRetry ? { content: t('common.tryAgain'), onAction: onRetry } : undefined;
  return (
    <div data-testid="error-notice" data-action={text.action}>
      <Banner tone="critical" title={title} action={action} onDismiss={onDismiss}>
        <BlockStack gap="100">
          <p>{text.what}</p>
          <p>{text.todo}</p>
          <Details text={text} />
        </BlockStack>
      </Banner>
    </div>
  );
}

/** The same words inside a card: `title` (what failed) in critical tone, then what happened and what to do. */
export function ErrorLines({ error, title, onRetry }: { error: unknown; title?: string; onRetry?: () => void }) {
  const text = describeError(error);
  return (
    <div data-testid="error-notice" data-action={text.action} role="alert">
      <BlockStack gap="100">
        {title && (
          <Text as="p" tone="critical" fontWeight="semibold">
            {title}
          </Text>
        )}
        <Text as="p">{text.what}</Text>
        <Text as="p">{text.todo}</Text>
        <Details text={text} />
        {(text.action === 'reload' || (text.action === 'retry' && onRetry)) && (
          <InlineStack>
            <Button onClick={text.action === 'reload' ? reloadPage : onRetry}>{text.action === 'reload' ? t('error.reload') : t('common.tryAgain')}</Button>
          </InlineStack>
        )}
      </BlockStack>
    </div>
  );
}
