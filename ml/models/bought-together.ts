/**
 * Frequently bought together: item pairs from baskets (orders, completed checkouts),
 * ranked by lift with a minimum pair support.
 *
 *   lift(a, b) = n(a,b) · N / (n(a) · n(b))
 *
 * where N is the number of baskets and n(·) counts baskets. Lift alone favors rare
 * items that co-occur once by chance, so pairs need `minSupport` baskets, and the lift is
 * shrunk towards 1 by `n(a,b) / (n(a,b) + shrinkage)`. Pure; no I/O.
 */
export interface BoughtTogetherParams {
  /** pairs seen in fewer baskets are ignored */
  minSupport?: number;
  /** pseudo-count for shrinking the lift of thin pairs */
  shrinkage?: number;
  /** partners kept per item */
  maxPartners?: number;
  /** baskets larger than this are skipped (bulk / wholesale orders carry no signal) */
  maxBasketSize?: number;
}

export interface Partner {
  item: string;
  lift: number;
  support: number;
}

export interface BoughtTogetherArtifact {
  kind: 'bought-together';
  version: 1;
  params: Required<BoughtTogetherParams>;
  baskets: number;
  partners: Record<string, Partner[]>;
}

export class BoughtTogether {
  readonly params: Required<BoughtTogetherParams>;
  private partners = new Map<string, Partner[]>();
  baskets = 0;

  constructor(params: BoughtTogetherParams = {}) {
    this.params = {
      minSupport: params.minSupport ?? 2,
      shrinkage: params.shrinkage ?? 2,
      maxPartners: params.maxPartners ?? 20,
      maxBasketSize: params.maxBasketSize ?? 30,
    };
  }

  fit(baskets: Iterable<readonly string[]>): this {
    const itemCount = new Map<string, number>();
    const pairCount = new Map<string, Map<string, number>>();
    let n = 0;
    for (const raw of baskets) {
      const basket = [...new Set(raw)];
      if (basket.length === 0 || basket.length > this.params.maxBasketSize) continue;
      n++;
      for (const a of basket) itemCount.set(a, (itemCount.get(a) ?? 0) + 1);
      for (let i = 0; i < basket.length; i++) {
        for (let j = 0; j < basket.length; j++) {
          if (i === j) continue;
          let m = pairCount.get(basket[i]);
          if (!m) pairCount.set(basket[i], (m = new Map()));
          m.set(basket[j], (m.get(basket[j]) ?? 0) + 1);
        }
      }
    }
    this.baskets = n;
    this.partners.clear();
    const { minSupport, shrinkage, maxPartners } = this.params;
    for (const [a, m] of pairCount) {
      const list: Partner[] = [];
      for (const [b, nab] of m) {
        if (nab < minSupport) continue;
        const lift = (nab * n) / (itemCount.get(a)! * itemCount.get(b)!);
        const shrunk = 1 + (lift - 1) * (nab / (nab + shrinkage));
        if (shrunk > 1) list.push({ item: b, lift: shrunk, support: nab });
      }
      list.sort((x, y) => y.lift - x.lift || y.support - x.support || (x.item < y.item ? -1 : 1));
      if (list.length) this.partners.set(a, list.slice(0, maxPartners));
    }
    return this;
  }

  /** Items bought with any of `items`, by summed lift; never one of `items` or `exclude`. */
  recommend(items: readonly string[], k: number, exclude?: ReadonlySet<string>): Partner[] {
    const acc = new Map<string, Partner>();
    const own = new Set(items);
    for (const a of items) {
      for (const p of this.partners.get(a) ?? []) {
        if (own.has(p.item) || exclude?.has(p.item)) continue;
        const cur = acc.get(p.item);
        if (cur) {
          cur.lift += p.lift;
          cur.support += p.support;
        } else acc.set(p.item, { ...p });
      }
    }
    return [...acc.values()].sort((x, y) => y.lift - x.lift || y.support - x.support).slice(0, k);
  }

  get size(): number {
    return this.partners.size;
  }

  toArtifact(): BoughtTogetherArtifact {
    return { kind: 'bought-together', version: 1, params: this.params, baskets: this.baskets, partners: Object.fromEntries(this.partners) };
  }

  static fromArtifact(a: BoughtTogetherArtifact): BoughtTogether {
    if (a.kind !== 'bought-together' || a.version !== 1) throw new Error(`not a bought-together v1 artifact: ${a.kind}`);
    const m = new BoughtTogether(a.params);
    m.baskets = a.baskets;
    for (const [k, v] of Object.entries(a.partners)) m.partners.set(k, v);
    return m;
  }
}
