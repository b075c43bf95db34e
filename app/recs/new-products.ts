/**
 * Products the active model never saw (created, or first synced, after its training) get
 * similar products from their text at once, without a retrain: each time the serving state
 * loads (./shop-state.ts; a products/create or products/update webhook changes the catalog
 * stamp), the bundle's content model is extended with the catalog's unseen products
 * (ContentSimilarity.extend: text against the live catalog, co-view rows borrowed from the
 * products they read like), and existing products' lists take them in where they score high
 * enough. The next training fits them like any other product.
 *
 * The catalog's text index is kept between loads of the same model version and updated
 * only for products whose text changed, so a webhook costs the changed products' tokenizing
 * plus well under a millisecond per unseen product (docs/BENCHMARKS.md, cold start).
 */
import type { ServingBundle } from '../../ml/serve';
import { TextIndex, type ContentProduct } from '../../ml/models/content-vectors';

/** The catalog columns content similarity reads (Product rows). */
export interface ProductText {
  productId: string;
  title: string;
  productType: string;
  vendor: string;
  /** comma-separated, as stored */
  tags: string;
}

/** The live catalog's text index for one model version, kept across serving-state loads. */
export interface LiveCatalogText {
  modelVersion: number;
  index: TextIndex;
  /** the text each product was indexed with */
  indexed: Map<string, string>;
}

export function contentProductOf(row: ProductText): ContentProduct {
  return {
    id: row.productId,
    title: row.title,
    productType: row.productType,
    vendor: row.vendor,
    tags: row.tags.split(',').map((t) => t.trim()).filter(Boolean),
  };
}

const textKey = (r: ProductText) => [r.title, r.productType, r.vendor, r.tags].join('\u0000');

/**
 * Extends `bundle`'s content model with the catalog products it does not know. Returns the
 * text index to keep for the next load (the previous one when nothing needed it), or null
 * when the bundle's content model cannot be extended (an artifact from before v2).
 */
export function addNewProducts(
  bundle: ServingBundle,
  modelVersion: number,
  catalog: readonly ProductText[],
  previous: LiveCatalogText | null | undefined,
): { live: LiveCatalogText | null; added: number } {
  const content = bundle.content;
  if (!content?.canExtend) return { live: null, added: 0 };
  const unseen = catalog.filter((r) => !content.knows(r.productId));
  const kept = previous?.modelVersion === modelVersion ? previous : null;
  if (unseen.length === 0) return { live: kept, added: 0 };
  const live = kept ?? { modelVersion, index: new TextIndex(), indexed: new Map<string, string>() };
  const present = new Set<string>();
  for (const row of catalog) {
    present.add(row.productId);
    const key = textKey(row);
    if (live.indexed.get(row.productId) === key) continue;
    live.index.add(row.productId, content.vectorize(contentProductOf(row)));
    live.indexed.set(row.productId, key);
  }
  for (const id of live.indexed.keys()) {
    if (present.has(id)) continue;
    live.index.remove(id);
    live.indexed.delete(id);
  }
  return { live, added: content.extend(unseen.map(contentProductOf), live.index) };
}
