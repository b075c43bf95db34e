/**
 * Which products may be shown in a block, and in what order after pins. Pure.
 */
export interface CatalogProduct {
  id: string;
  handle: string;
  title: string;
  vendor: string;
  price: number;
  available: boolean;
  status: string;
  isGiftCard: boolean;
  imageUrl: string | null;
}

export interface Merchandising {
  /** product ids never recommended */
  exclusions: string[];
  /** product ids shown first (when eligible) */
  pins: string[];
}

export interface EligibilityContext {
  currentProduct?: string;
  cart: readonly string[];
  merch: Merchandising;
}

export function isEligible(p: CatalogProduct | undefined, ctx: EligibilityContext): p is CatalogProduct {
  return (
    !!p &&
    p.status === 'ACTIVE' &&
    p.available &&
    p.price > 0 &&
    !p.isGiftCard &&
    p.id !== ctx.currentProduct &&
    !ctx.cart.includes(p.id) &&
    !ctx.merch.exclusions.includes(p.id)
  );
}

/** Ids never to rank (fast pre-filter handed to the models). */
export function excludedIds(ctx: EligibilityContext): Set<string> {
  const s = new Set<string>([...ctx.cart, ...ctx.merch.exclusions]);
  if (ctx.currentProduct) s.add(ctx.currentProduct);
  return s;
}

/** Pins first (eligible ones), then the ranked ids, all filtered, at most `limit`. */
export function applyMerchandising(
  ranked: readonly string[],
  catalog: ReadonlyMap<string, CatalogProduct>,
  ctx: EligibilityContext,
  limit: number,
): CatalogProduct[] {
  const out: CatalogProduct[] = [];
  const seen = new Set<string>();
  for (const id of [...ctx.merch.pins, ...ranked]) {
    if (out.length >= limit) break;
    if (seen.has(id)) continue;
    seen.add(id);
    const p = catalog.get(id);
    if (isEligible(p, ctx)) out.push(p);
  }
  return out;
}

export function parseMerchandising(json: string): Merchandising {
  try {
    const v = JSON.parse(json) as Partial<Merchandising>;
    const ids = (x: unknown) => (Array.isArray(x) ? x.filter((i): i is string => typeof i === 'string') : []);
    return { exclusions: ids(v.exclusions), pins: ids(v.pins) };
  } catch {
    return { exclusions: [], pins: [] };
  }
}
