/**
 * A small store with reviews and Quick feedback for the review-insights tests: a jacket many
 * shoppers view but few add to cart, whose reviews mostly complain about sizing; a boot that
 * sells; feedback answers on the cart (shipping, most of those visitors leave) and on product
 * pages, including bad input (emoji-only, right-to-left, mixed-script, very long).
 */
import type { Db } from '../../app/db/client';
import { hashClientId } from '../../app/ingest/client-hash';
import { toRow } from '../../app/ingest/pipeline';
import { sessionizeShop } from '../../app/jobs/sessionize-job';
import type { JourneyEvent } from '../../app/api-contract/ingest';

type Step = Omit<JourneyEvent, 'id' | 'ts' | 'clientId'>;

export const JACKET_REVIEWS = [
  'Runs small, I had to return it.', 'Way too tight around the shoulders.', 'Sizing is off, order one size up.',
  'The size chart is wrong, too small.', 'Love the color.', 'Warm and light.', 'Great quality fabric.', '😍',
];

export async function seedReviewStore(db: Db, shop: { id: number; salt: string }, opts: { daysAgo?: number } = {}): Promise<void> {
  await db.product.createMany({
    data: [
      { shopId: shop.id, productId: '1', handle: 'trail-jacket', title: 'Trail Jacket' },
      { shopId: shop.id, productId: '2', handle: 'ridge-boot', title: 'Ridge Boot' },
    ],
  });
  await db.productReview.createMany({
    data: [
      { shopId: shop.id, productId: '1', rating: 3.1, ratingMax: 5, ratingCount: 14, texts: JSON.stringify(JACKET_REVIEWS.map((text) => ({ rating: null, text }))) },
      { shopId: shop.id, productId: '2', rating: 4.8, ratingMax: 5, ratingCount: 40, texts: JSON.stringify([{ rating: 5, text: 'Perfect fit, very comfortable.' }, { rating: 5, text: 'المقاس ممتاز' }]) },
    ],
  });
  const jacket: Step = { name: 'product_viewed', path: '/products/trail-jacket', productId: '1', price: 120 };
  const boot: Step = { name: 'product_viewed', path: '/products/ridge-boot', productId: '2', price: 90 };
  const add = (productId: string): Step => ({ name: 'product_added_to_cart', path: '/cart', productId, qty: 1, price: 90 });
  const cart: Step = { name: 'page_viewed', path: '/cart' };
  const feedback = (path: string, answer: string): Step => ({ name: 'waymark:feedback', path, placement: 'feedback:test', answer });
  const journeys: Step[][] = [];
  for (let i = 0; i < 30; i++) journeys.push([jacket, ...(i === 0 ? [add('1')] : [])]);
  for (let i = 0; i < 10; i++) journeys.push([boot, add('2'), ...(i < 3 ? [cart] : [])]);
  journeys.push([boot, add('2'), cart, feedback('/cart', 'Shipping costs are too high')]);
  journeys.push([boot, add('2'), cart, feedback('/cart', 'Delivery takes weeks, too slow')]);
  journeys.push([boot, add('2'), cart, feedback('/cart', '😡😡')]);
  journeys.push([jacket, feedback('/products/trail-jacket', "Can't find a size chart")]);
  journeys.push([jacket, feedback('/products/trail-jacket', 'الشحن بطيء جدا')]);
  journeys.push([jacket, feedback('/products/trail-jacket', `Great 很好 отлично ${'long '.repeat(90)}`)]);
  const t0 = Date.now() - (opts.daysAgo ?? 2) * 86_400_000;
  const rows = journeys.flatMap((steps, j) =>
    steps.map((st, i) => {
      const client = `rv-${j}`;
      return toRow(shop.id, { ...st, id: `${client}-${i}`, ts: t0 + j * 3_600_000 + i * 20_000, clientId: client } as JourneyEvent, hashClientId(shop.salt, client), 'desktop', new Date());
    }),
  );
  await db.event.createMany({ data: rows });
  await sessionizeShop(db, shop.id);
}
