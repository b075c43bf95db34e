/**
 * The Admin GraphQL operations Waymark sends (app/shops/activate-pixel.ts,
 * app/catalog/backfill.ts), answered in the documented response shapes from per-shop
 * state. Not a GraphQL engine: the operation is recognized by its root field, and nodes
 * come back whole (every seeded field, not only the selected ones).
 */

export interface StandInProduct {
  /** `gid://shopify/Product/<n>` or just `<n>` */
  id: string | number;
  title: string;
  handle?: string;
  productType?: string;
  vendor?: string;
  tags?: string[];
  status?: 'ACTIVE' | 'DRAFT' | 'ARCHIVED';
  isGiftCard?: boolean;
  imageUrl?: string | null;
  /** min variant price, e.g. '19.99' */
  price?: string | number;
  totalInventory?: number;
  tracksInventory?: boolean;
  /** Shopify's standard review metafields: reviews.rating (scale 1..max, default 5) and reviews.rating_count */
  rating?: number;
  ratingMax?: number;
  ratingCount?: number;
}

/** A metaobject of type `product_review` (fields product, rating, body), as a review app might keep them. */
export interface StandInReview {
  id: string | number;
  productId: string | number;
  rating?: number;
  body?: string;
}

export interface StandInOrder {
  /** `gid://shopify/Order/<n>` or just `<n>` */
  id: string | number;
  /** ISO date-time */
  createdAt: string;
  /** one entry per line item; null for a line item whose product was deleted */
  productIds: Array<string | number | null>;
}

export interface PixelState {
  id: string;
  /** the settings JSON string, as given to webPixelCreate / webPixelUpdate */
  settings: string;
  createdAt: number;
  updatedAt: number;
}

export interface ShopCatalog {
  products: StandInProduct[];
  orders: StandInOrder[];
  pixel: PixelState | null;
  /** metaobjects of type product_review */
  reviews?: StandInReview[];
  /** answer metaobjects queries with ACCESS_DENIED, as Shopify does without the read_metaobjects scope */
  denyMetaobjects?: boolean;
  /** shop { ianaTimezone currencyCode } (default America/New_York, USD) */
  timezone?: string;
  currency?: string;
}

export interface GraphqlOperation {
  /** the operation name if the document names one, else the root field */
  operationName: string;
  rootField: string;
  kind: 'query' | 'mutation';
}

const gid = (type: string, id: string | number) => (String(id).startsWith('gid://') ? String(id) : `gid://shopify/${type}/${id}`);
const cursorOf = (index: number) => Buffer.from(`stand-in:${index}`).toString('base64url');
const indexOf = (cursor: unknown): number => {
  if (typeof cursor !== 'string' || !cursor) return -1;
  const m = /^stand-in:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : Number.NaN;
};

export function parseOperation(query: string, operationName?: unknown): GraphqlOperation {
  const head = /^\s*(query|mutation)\b\s*([_A-Za-z][_0-9A-Za-z]*)?/.exec(query);
  const kind = head?.[1] === 'mutation' ? 'mutation' : 'query';
  // The first selection of the operation: skip the header (name and variable definitions).
  const bodyStart = query.indexOf('{');
  const root = /^\{\s*(?:[_A-Za-z]\w*\s*:\s*)?([_A-Za-z]\w*)/.exec(query.slice(bodyStart))?.[1] ?? '';
  const name = typeof operationName === 'string' && operationName ? operationName : (head?.[2] ?? root);
  return { operationName: name, rootField: root, kind };
}

/** `first: 250` in the document, or `first: $n` from the variables. */
function firstArg(query: string, field: string, variables: Record<string, unknown>, fallback: number): number {
  const m = new RegExp(`\\b${field}\\s*\\(([^)]*)\\)`).exec(query);
  const arg = m && /\bfirst\s*:\s*(\$?\w+)/.exec(m[1])?.[1];
  if (!arg) return fallback;
  const n = arg.startsWith('$') ? Number(variables[arg.slice(1)]) : Number(arg);
  return Number.isFinite(n) && n > 0 ? Math.min(n, 250) : fallback;
}

function page<T>(items: T[], first: number, after: unknown): { nodes: T[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null } } | null {
  const afterIndex = indexOf(after);
  if (Number.isNaN(afterIndex)) return null;
  const start = afterIndex + 1;
  const nodes = items.slice(start, start + first);
  const last = start + nodes.length - 1;
  return {
    nodes,
    pageInfo: {
      hasNextPage: last < items.length - 1,
      hasPreviousPage: start > 0,
      startCursor: nodes.length ? cursorOf(start) : null,
      endCursor: nodes.length ? cursorOf(last) : null,
    },
  };
}

function productNode(p: StandInProduct) {
  const id = gid('Product', p.id);
  const handle = p.handle ?? p.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return {
    id,
    handle,
    title: p.title,
    productType: p.productType ?? '',
    vendor: p.vendor ?? '',
    tags: p.tags ?? [],
    status: p.status ?? 'ACTIVE',
    isGiftCard: p.isGiftCard ?? false,
    featuredMedia: p.imageUrl ? { preview: { image: { url: p.imageUrl } } } : null,
    priceRangeV2: { minVariantPrice: { amount: String(p.price ?? '0.0'), currencyCode: 'USD' } },
    totalInventory: p.totalInventory ?? 0,
    tracksInventory: p.tracksInventory ?? false,
    // The aliases Waymark's query uses for metafield(namespace: "reviews", key: ...).
    rating: p.rating === undefined ? null : { value: JSON.stringify({ value: String(p.rating), scale_min: '1.0', scale_max: String(p.ratingMax ?? 5) }) },
    ratingCount: p.ratingCount === undefined ? null : { value: String(p.ratingCount) },
  };
}

/** A product_review metaobject in Shopify's shape: fields as key/value strings (the rating as the rating type's JSON). */
function reviewNode(r: StandInReview) {
  const fields = [{ key: 'product', value: gid('Product', r.productId) }];
  if (r.rating !== undefined) fields.push({ key: 'rating', value: JSON.stringify({ value: String(r.rating), scale_min: '1.0', scale_max: '5.0' }) });
  if (r.body !== undefined) fields.push({ key: 'body', value: r.body });
  return { id: gid('Metaobject', r.id), type: 'product_review', fields };
}

function metaobjectsAnswer(state: ShopCatalog, query: string, variables: Record<string, unknown>): GraphqlAnswer {
  if (state.denyMetaobjects) {
    return {
      status: 200,
      json: { errors: [{ message: 'Access denied for metaobjects field. Required access: `read_metaobjects` access scope.', path: ['metaobjects'], extensions: { code: 'ACCESS_DENIED' } }] },
    };
  }
  const type = typeof variables.type === 'string' ? variables.type : /\btype\s*:\s*"([^"]+)"/.exec(query)?.[1];
  const all = type === 'product_review' ? (state.reviews ?? []).map(reviewNode) : [];
  const conn = page(all, firstArg(query, 'metaobjects', variables, 50), variables.after);
  return conn ? { status: 200, json: { data: { metaobjects: conn }, extensions: costExtension() } } : invalidCursor('metaobjects');
}

function orderNode(o: StandInOrder, lineItemsFirst: number) {
  return {
    id: gid('Order', o.id),
    createdAt: o.createdAt,
    lineItems: {
      nodes: o.productIds.slice(0, lineItemsFirst).map((pid) => ({ product: pid === null ? null : { id: gid('Product', pid) } })),
    },
  };
}

/** Shopify's search syntax, the part Waymark uses: `created_at:>=2026-01-01` (also >, <, <=, =). */
function orderFilter(search: unknown): (o: StandInOrder) => boolean {
  if (typeof search !== 'string') return () => true;
  const tests = [...search.matchAll(/created_at:(>=|<=|>|<|=)?([0-9][0-9T:.\-Z+]*)/g)].map(([, op = '=', value]) => {
    const bound = Date.parse(value);
    return (t: number) =>
      op === '>=' ? t >= bound : op === '>' ? t > bound : op === '<=' ? t <= bound : op === '<' ? t < bound : t === bound;
  });
  return (o) => tests.every((test) => test(Date.parse(o.createdAt)));
}

const userError = (field: string[], message: string, code: string) => ({ field, message, code });

export interface GraphqlAnswer {
  status: number;
  json: unknown;
}

/** Answer one operation for one shop, mutating its state for mutations. */
export function answerGraphql(
  state: ShopCatalog,
  op: GraphqlOperation,
  query: string,
  variables: Record<string, unknown>,
  nextPixelId: () => number,
  now: number,
): GraphqlAnswer {
  const ok = (data: unknown) => ({ status: 200, json: { data, extensions: costExtension() } });
  switch (op.rootField) {
    case 'shop':
      return ok({ shop: { ianaTimezone: state.timezone ?? 'America/New_York', currencyCode: state.currency ?? 'USD' } });
    case 'webPixel': {
      if (state.pixel) return ok({ webPixel: { id: state.pixel.id, settings: state.pixel.settings } });
      return {
        status: 200,
        json: {
          data: null,
          errors: [{ message: 'No web pixel was found for this app.', locations: [{ line: 1, column: 1 }], path: ['webPixel'], extensions: { code: 'NOT_FOUND' } }],
          extensions: costExtension(),
        },
      };
    }
    case 'webPixelCreate': {
      const input = variables.webPixel as { settings?: unknown } | undefined;
      const bad = settingsError(input?.settings);
      if (bad) return ok({ webPixelCreate: { webPixel: null, userErrors: [bad] } });
      if (state.pixel) {
        return ok({ webPixelCreate: { webPixel: null, userErrors: [userError(['webPixel'], 'Web pixel is taken.', 'TAKEN')] } });
      }
      state.pixel = { id: gid('WebPixel', nextPixelId()), settings: String(input!.settings), createdAt: now, updatedAt: now };
      return ok({ webPixelCreate: { webPixel: { id: state.pixel.id, settings: state.pixel.settings }, userErrors: [] } });
    }
    case 'webPixelUpdate': {
      const input = variables.webPixel as { settings?: unknown } | undefined;
      if (!state.pixel || variables.id !== state.pixel.id) {
        return ok({ webPixelUpdate: { webPixel: null, userErrors: [userError(['id'], 'Web pixel not found.', 'NOT_FOUND')] } });
      }
      const bad = settingsError(input?.settings);
      if (bad) return ok({ webPixelUpdate: { webPixel: null, userErrors: [bad] } });
      state.pixel.settings = String(input!.settings);
      state.pixel.updatedAt = now;
      return ok({ webPixelUpdate: { webPixel: { id: state.pixel.id, settings: state.pixel.settings }, userErrors: [] } });
    }
    case 'products': {
      const conn = page(state.products.map(productNode), firstArg(query, 'products', variables, 50), variables.after);
      return conn ? ok({ products: conn }) : invalidCursor('products');
    }
    case 'metaobjects':
      return metaobjectsAnswer(state, query, variables);
    case 'orders': {
      const sorted = state.orders.filter(orderFilter(variables.query)).sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
      const lineItemsFirst = firstArg(query, 'lineItems', variables, 50);
      const conn = page(sorted, firstArg(query, 'orders', variables, 50), variables.after);
      return conn ? ok({ orders: { ...conn, nodes: conn.nodes.map((o) => orderNode(o, lineItemsFirst)) } }) : invalidCursor('orders');
    }
    default:
      return {
        status: 200,
        json: {
          errors: [{
            message: `Field '${op.rootField}' doesn't exist on type '${op.kind === 'mutation' ? 'Mutation' : 'QueryRoot'}'`,
            extensions: { code: 'undefinedField', typeName: op.kind === 'mutation' ? 'Mutation' : 'QueryRoot', fieldName: op.rootField },
          }],
        },
      };
  }
}

function settingsError(settings: unknown): ReturnType<typeof userError> | null {
  if (typeof settings !== 'string') return userError(['webPixel', 'settings'], "Settings can't be blank.", 'BLANK');
  try {
    const parsed = JSON.parse(settings);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return null;
  } catch {
    /* fall through */
  }
  return userError(['webPixel', 'settings'], 'Settings are invalid.', 'INVALID_SETTINGS');
}

const invalidCursor = (field: string): GraphqlAnswer => ({
  status: 200,
  json: { errors: [{ message: 'Invalid cursor for current pagination sort.', path: [field], extensions: { code: 'BAD_REQUEST' } }] },
});

function costExtension() {
  return {
    cost: {
      requestedQueryCost: 1,
      actualQueryCost: 1,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1999, restoreRate: 100 },
    },
  };
}
