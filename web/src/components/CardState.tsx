/**
 * The shape every data card shares: a skeleton while its first answer loads, the error in
 * plain words (ErrorLines) when it failed, a subdued sentence when the answer is empty, else
 * the card's own content. An error hides an older answer: it was for other filters.
 */
import type { ReactNode } from 'react';
import { SkeletonBodyText, Text } from '@shopify/polaris';
import { ErrorLines } from './ErrorNotice';

export interface CardAnswer<T> {
  data: T | null;
  error?: Error | null;
  reload?: () => void;
}

export function CardState<T>({
  answer,
  errorTitle,
  isEmpty,
  empty,
  lines = 4,
  children,
}: {
  answer: CardAnswer<T>;
  /** What failed, e.g. "Searches could not be loaded." (cards whose data comes from the page's answer have no error of their own) */
  errorTitle?: string;
  isEmpty?: (data: T) => boolean;
  /** The sentence for an empty answer. */
  empty?: string;
  lines?: number;
  children: (data: T) => ReactNode;
}) {
  if (answer.error) return <ErrorLines error={answer.error} title={errorTitle} onRetry={answer.reload} />;
  if (!answer.data) return <SkeletonBodyText lines={lines} />;
  if (isEmpty?.(answer.data) && empty !== undefined) {
    return (
      <Text as="p" tone="subdued">
        {empty}
      </Text>
    );
  }
  return <>{children(answer.data)}</>;
}
