/**
 * Session data as every model sees it. Pure data, no I/O.
 *
 * Items are dense integer indices (0..nItems-1) into `itemIds`, so models can use
 * typed arrays; `itemIds` maps an index back to the external id (a Shopify product id,
 * or the dataset's ItemId).
 */
export type InteractionKind = 'view' | 'cart' | 'purchase';

export interface Interaction {
  /** dense item index */
  item: number;
  /** Unix seconds (float) */
  time: number;
  kind: InteractionKind;
}

export interface Session {
  /** external session id (string or number as text) */
  id: string;
  events: Interaction[];
}

export interface SessionDataset {
  sessions: Session[];
  /** external ids by dense index */
  itemIds: string[];
}
