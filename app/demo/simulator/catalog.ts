/**
 * Seeded synthetic catalog for an outdoor-gear store: products with Shopify-like
 * ids/handles, Zipf-like popularity, collections, complementary product groups
 * (bought together) and item-to-item browse affinity (neighbors in a
 * collection's order + complements), so next-item models have signal.
 */
import { Rng, WeightedIndex } from './rng';

export interface SimVariant {
  id: string;
  title: string;
  sku: string;
}

export interface SimProduct {
  /** Index in `catalog.products`. */
  index: number;
  /** Numeric Shopify product id, as the pixel reports it. */
  id: string;
  handle: string;
  title: string;
  productType: string;
  vendor: string;
  tags: string[];
  price: number;
  available: boolean;
  isGiftCard: boolean;
  imageUrl: string;
  variants: SimVariant[];
  /** Collection indices (first = its product-type collection). */
  collections: number[];
  /** Complementary group name (e.g. "sleep"), or '' . */
  group: string;
  /** Zipf-like popularity weight (unnormalized). */
  popularity: number;
}

export interface SimCollection {
  index: number;
  id: string;
  handle: string;
  title: string;
  /** Product indices, in the collection's display order. */
  products: number[];
}

/** Row for the Product table. */
export interface CatalogProductRow {
  productId: string;
  handle: string;
  title: string;
  productType: string;
  vendor: string;
  tags: string[];
  price: number;
  available: boolean;
  status: 'ACTIVE' | 'DRAFT' | 'ARCHIVED';
  isGiftCard: boolean;
  imageUrl: string;
}

export interface Catalog {
  seed: number | string;
  currency: string;
  products: SimProduct[];
  collections: SimCollection[];
  /** Popularity sampler over all products. */
  popular: WeightedIndex;
  /** Per collection, sampler over its products (popularity × position bias). */
  collectionSamplers: WeightedIndex[];
  /** Per collection, total popularity (to choose collections). */
  collectionWeights: WeightedIndex;
  /** Per product: candidate next products and a sampler over them. */
  transitions: Array<{ targets: number[]; sampler: WeightedIndex }>;
  /** Per product: complementary products (bought together). */
  complements: number[][];
}

export interface CatalogOptions {
  seed: number | string;
  products?: number;
  currency?: string;
  /** Zipf exponent of popularity (default 1.1). */
  zipf?: number;
}

interface TypeDef {
  type: string;
  plural: string;
  nouns: string[];
  group: string;
  price: [number, number];
  sizes?: string[];
}

const TYPES: TypeDef[] = [
  { type: 'Tent', plural: 'Tents', nouns: ['Tent', 'Shelter', 'Dome Tent'], group: 'sleep', price: [129, 649] },
  { type: 'Sleeping Bag', plural: 'Sleeping Bags', nouns: ['Sleeping Bag', 'Down Bag', 'Quilt'], group: 'sleep', price: [89, 459], sizes: ['Regular', 'Long'] },
  { type: 'Sleeping Pad', plural: 'Sleeping Pads', nouns: ['Sleeping Pad', 'Air Mat', 'Foam Pad'], group: 'sleep', price: [39, 219], sizes: ['Regular', 'Wide'] },
  { type: 'Backpack', plural: 'Backpacks', nouns: ['Backpack', 'Pack', 'Trekking Pack'], group: 'carry', price: [99, 349], sizes: ['S/M', 'M/L'] },
  { type: 'Daypack', plural: 'Daypacks', nouns: ['Daypack', 'Summit Pack'], group: 'carry', price: [45, 149] },
  { type: 'Jacket', plural: 'Jackets', nouns: ['Rain Jacket', 'Shell', 'Down Jacket', 'Softshell'], group: 'layers', price: [89, 499], sizes: ['S', 'M', 'L', 'XL'] },
  { type: 'Fleece', plural: 'Fleeces', nouns: ['Fleece', 'Midlayer', 'Hoodie'], group: 'layers', price: [49, 169], sizes: ['S', 'M', 'L', 'XL'] },
  { type: 'Base Layer', plural: 'Base Layers', nouns: ['Base Layer', 'Merino Tee', 'Thermal Top'], group: 'layers', price: [35, 119], sizes: ['S', 'M', 'L', 'XL'] },
  { type: 'Hiking Boot', plural: 'Hiking Boots', nouns: ['Hiking Boot', 'Mid Boot', 'Mountain Boot'], group: 'feet', price: [119, 329], sizes: ['8', '9', '10', '11', '12'] },
  { type: 'Trail Shoe', plural: 'Trail Shoes', nouns: ['Trail Shoe', 'Trail Runner', 'Approach Shoe'], group: 'feet', price: [89, 189], sizes: ['8', '9', '10', '11', '12'] },
  { type: 'Socks', plural: 'Socks', nouns: ['Hiking Socks', 'Merino Socks', 'Crew Socks'], group: 'feet', price: [14, 32], sizes: ['M', 'L'] },
  { type: 'Stove', plural: 'Stoves', nouns: ['Stove', 'Burner', 'Stove System'], group: 'kitchen', price: [39, 179] },
  { type: 'Cookware', plural: 'Cookware', nouns: ['Pot Set', 'Mug', 'Pan', 'Spork'], group: 'kitchen', price: [9, 89] },
  { type: 'Fuel', plural: 'Fuel', nouns: ['Fuel Canister', 'Gas Cartridge'], group: 'kitchen', price: [6, 15] },
  { type: 'Headlamp', plural: 'Headlamps', nouns: ['Headlamp', 'Head Torch'], group: 'light', price: [19, 99] },
  { type: 'Lantern', plural: 'Lanterns', nouns: ['Lantern', 'Camp Light'], group: 'light', price: [19, 79] },
  { type: 'Water Bottle', plural: 'Water Bottles', nouns: ['Water Bottle', 'Flask', 'Soft Flask'], group: 'hydration', price: [12, 45] },
  { type: 'Water Filter', plural: 'Water Filters', nouns: ['Water Filter', 'Purifier'], group: 'hydration', price: [25, 129] },
  { type: 'Trekking Poles', plural: 'Trekking Poles', nouns: ['Trekking Poles', 'Carbon Poles'], group: 'carry', price: [49, 189] },
];

/** Cross-group complements: people who buy X often also buy Y. */
const CROSS: Record<string, string[]> = {
  Tent: ['Sleeping Bag', 'Sleeping Pad', 'Lantern'],
  'Sleeping Bag': ['Sleeping Pad', 'Tent', 'Base Layer'],
  'Sleeping Pad': ['Sleeping Bag'],
  Backpack: ['Water Bottle', 'Trekking Poles', 'Water Filter'],
  Daypack: ['Water Bottle', 'Headlamp'],
  Jacket: ['Fleece', 'Base Layer'],
  Fleece: ['Base Layer', 'Jacket'],
  'Base Layer': ['Socks'],
  'Hiking Boot': ['Socks', 'Trekking Poles'],
  'Trail Shoe': ['Socks'],
  Socks: ['Hiking Boot'],
  Stove: ['Fuel', 'Cookware'],
  Cookware: ['Stove', 'Fuel'],
  Fuel: ['Stove'],
  Headlamp: ['Lantern'],
  Lantern: ['Headlamp', 'Tent'],
  'Water Bottle': ['Water Filter'],
  'Water Filter': ['Water Bottle'],
  'Trekking Poles': ['Hiking Boot', 'Backpack'],
};

const VENDORS = ['Northpeak', 'Granite & Pine', 'Tarnhill', 'Cloudline', 'Ember Works', 'Kestrel Gear', 'Fjellsta', 'Driftwood Supply'];
const MODELS = ['Alpine', 'Ridge', 'Summit', 'Cascade', 'Boreal', 'Tundra', 'Canyon', 'Sierra', 'Glacier', 'Meadow', 'Cirrus', 'Basalt', 'Juniper', 'Aspen', 'Talus', 'Larch', 'Scree', 'Orion', 'Vega', 'Nomad'];
const SUFFIXES = ['', ' 2', ' 3', ' Pro', ' Lite', ' UL', ' XT', ' Plus', ' 40', ' 55'];
const TAGS = ['waterproof', 'ultralight', 'recycled', 'merino', 'down', 'insulated', 'packable', 'windproof', '3-season', '4-season', 'bestseller', 'eco'];

export const STORE_THEMED_COLLECTIONS = [
  { handle: 'new-arrivals', title: 'New Arrivals' },
  { handle: 'sale', title: 'Sale' },
  { handle: 'sleep-system', title: 'Sleep System', group: 'sleep' },
  { handle: 'camp-kitchen', title: 'Camp Kitchen', group: 'kitchen' },
  { handle: 'layering', title: 'Layering', group: 'layers' },
] as const;

export function slugify(s: string): string {
  return s
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function generateCatalog(options: CatalogOptions): Catalog {
  const n = Math.max(2, options.products ?? 240);
  const rng = new Rng(`catalog:${options.seed}`);
  const idBase = 7_000_000_000_000 + rng.int(0, 900_000) * 1_000_000;
  const collBase = 400_000_000_000 + rng.int(0, 9_000) * 1_000_000;
  const currency = options.currency ?? 'USD';
  const shelves = buildCollections(collBase);
  const { collections } = shelves;

  // Zipf-like popularity over a random permutation of ranks.
  const s = options.zipf ?? 1.1;
  const ranks = rng.shuffle(Array.from({ length: n }, (_, i) => i + 1));

  const products: SimProduct[] = [];
  const usedHandles = new Set<string>();
  for (let i = 0; i < n; i++) {
    const p = generateProduct(rng, { i, n, idBase, popularity: i === n - 1 ? 0.2 / n : 1 / Math.pow(ranks[i], s), usedHandles });
    if (!p.isGiftCard) placeInCollections(rng, p, shelves);
    products.push(p);
    for (const c of p.collections) collections[c].products.push(i);
  }
  // Display order: mostly by popularity ("best selling") with noise.
  for (const c of collections) {
    const key = new Map(c.products.map((i) => [i, Math.log(products[i].popularity) + rng.logNormal(1, 0.5) - 1]));
    c.products.sort((a, b) => key.get(b)! - key.get(a)!);
  }
  const complements = complementsOf(products);

  return {
    seed: options.seed,
    currency,
    products,
    collections,
    popular: new WeightedIndex(products.map((p) => p.popularity)),
    collectionSamplers: collections.map((c) => new WeightedIndex(c.products.map((j, pos) => Math.pow(products[j].popularity, 0.5) / Math.sqrt(pos + 1)))),
    collectionWeights: new WeightedIndex(collections.map((c) => c.products.reduce((a, j) => a + products[j].popularity, 0) + 1e-6)),
    transitions: browseTransitions(products, collections, complements),
    complements,
  };
}

interface Shelves {
  collections: SimCollection[];
  /** Product type → its collection's index. */
  typeColl: Map<string, number>;
  /** Themed collection handle → its index. */
  themed: Map<string, number>;
}

/** Collections: one per product type, then the themed ones (no products yet). */
function buildCollections(collBase: number): Shelves {
  const collections: SimCollection[] = [];
  const add = (handle: string, title: string) => {
    collections.push({ index: collections.length, id: String(collBase + collections.length * 7919), handle, title, products: [] });
    return collections.length - 1;
  };
  const typeColl = new Map(TYPES.map((t) => [t.type, add(slugify(t.plural), t.plural)]));
  const themed = new Map(STORE_THEMED_COLLECTIONS.map((c) => [c.handle as string, add(c.handle, c.title)]));
  return { collections, typeColl, themed };
}

/** Product `i` of `n` (the last is a gift card), with no collections yet. */
function generateProduct(rng: Rng, at: { i: number; n: number; idBase: number; popularity: number; usedHandles: Set<string> }): SimProduct {
  const { i, n, idBase, usedHandles } = at;
  const giftCard = i === n - 1;
  const t = giftCard ? undefined : TYPES[i < TYPES.length ? i : rng.int(0, TYPES.length - 1)];
  const vendor = rng.pick(VENDORS);
  let title: string;
  if (!t) title = 'Gift Card';
  else {
    title = `${rng.pick(MODELS)}${rng.pick(SUFFIXES)} ${rng.pick(t.nouns)}`;
    if (usedHandles.has(slugify(title))) title = `${vendor} ${title}`;
  }
  let handle = slugify(title);
  for (let k = 2; usedHandles.has(handle); k++) handle = `${slugify(title)}-${k}`;
  usedHandles.add(handle);
  const [lo, hi] = t ? t.price : [25, 100];
  const price = giftCard ? 50 : Math.max(1, Math.round(lo + (hi - lo) * Math.pow(rng.next(), 1.6)) - (rng.chance(0.6) ? 0.05 : 0));
  const tags = new Set<string>();
  if (t) {
    tags.add(slugify(t.type));
    tags.add(t.group);
    const extra = rng.int(0, 3);
    for (let k = 0; k < extra; k++) tags.add(rng.pick(TAGS));
  } else tags.add('gift-card');
  const sizes = t?.sizes ?? [];
  const variants: SimVariant[] = (sizes.length ? sizes : ['Default Title']).map((size, k) => ({
    id: String(40_000_000_000_000 + (idBase % 1e9) * 10 + i * 1_009 + k),
    title: size,
    sku: `${handle.slice(0, 12).toUpperCase()}-${k + 1}`,
  }));
  return {
    index: i,
    id: String(idBase + i * 104_729),
    handle,
    title,
    productType: t ? t.type : 'Gift Card',
    vendor: giftCard ? 'Waymark Outfitters' : vendor,
    tags: [...tags],
    price,
    available: giftCard || rng.chance(0.94),
    isGiftCard: giftCard,
    imageUrl: `https://placehold.co/600x600/png?text=${encodeURIComponent(title)}`,
    variants,
    collections: [],
    group: t?.group ?? '',
    popularity: at.popularity,
  };
}

/** Its type's collection, its group's themed one, and by chance New Arrivals and Sale. */
function placeInCollections(rng: Rng, p: SimProduct, shelves: Shelves): void {
  p.collections.push(shelves.typeColl.get(p.productType)!);
  const themedFor = STORE_THEMED_COLLECTIONS.find((c) => 'group' in c && c.group === p.group);
  if (themedFor) p.collections.push(shelves.themed.get(themedFor.handle)!);
  if (rng.chance(0.15)) p.collections.push(shelves.themed.get('new-arrivals')!);
  if (rng.chance(0.1)) {
    p.collections.push(shelves.themed.get('sale')!);
    p.tags.push('sale');
  }
}

/** Complements: the most popular few of each complementary type, per product (seeded choice). */
function complementsOf(products: SimProduct[]): number[][] {
  const byType = new Map<string, number[]>();
  for (const p of products) {
    if (p.isGiftCard) continue;
    const list = byType.get(p.productType) ?? [];
    list.push(p.index);
    byType.set(p.productType, list);
  }
  for (const list of byType.values()) list.sort((a, b) => products[b].popularity - products[a].popularity);
  return products.map((p) => {
    if (p.isGiftCard) return [];
    const out: number[] = [];
    for (const type of CROSS[p.productType] ?? []) {
      const list = byType.get(type) ?? [];
      const k = Math.min(list.length, 3);
      for (let j = 0; j < k; j++) out.push(list[(j + (p.index % 2)) % list.length]);
    }
    return [...new Set(out)].filter((x) => x !== p.index);
  });
}

/**
 * Item-to-item browse transitions: neighbors in the type collection's display order
 * (weighted by 1/distance, favoring "next"), complements, and same-vendor same-group items.
 */
function browseTransitions(products: SimProduct[], collections: SimCollection[], complements: number[][]): Catalog['transitions'] {
  return products.map((p) => {
    const weights = new Map<number, number>();
    const add = (j: number, w: number) => {
      if (j !== p.index) weights.set(j, (weights.get(j) ?? 0) + w);
    };
    const coll = p.collections.length ? collections[p.collections[0]].products : [];
    const pos = coll.indexOf(p.index);
    if (pos >= 0) {
      for (let d = 1; d <= 4; d++) {
        if (pos + d < coll.length) add(coll[pos + d], 3 / d);
        if (pos - d >= 0) add(coll[pos - d], 1.5 / d);
      }
    }
    for (const j of complements[p.index]) add(j, 1.2);
    for (const q of products) if (q.group === p.group && q.vendor === p.vendor && q.index !== p.index && !q.isGiftCard) add(q.index, 0.3);
    const targets = [...weights.keys()];
    return { targets, sampler: new WeightedIndex(targets.map((j) => weights.get(j)! * Math.pow(products[j].popularity, 0.25))) };
  });
}

/** The catalog as rows for the Product table. */
export function catalogProductRows(catalog: Catalog): CatalogProductRow[] {
  return catalog.products.map((p) => ({
    productId: p.id,
    handle: p.handle,
    title: p.title,
    productType: p.productType,
    vendor: p.vendor,
    tags: [...p.tags],
    price: p.price,
    available: p.available,
    status: 'ACTIVE',
    isGiftCard: p.isGiftCard,
    imageUrl: p.imageUrl,
  }));
}
