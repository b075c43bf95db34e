/**
 * Simulated product reviews for the local demo's dev shop, so the Insights page's "Reviews and
 * feedback" card has something to show offline (a real store's come from the Admin API,
 * app/catalog/reviews.ts). Written after the simulated traffic: among the most viewed
 * products, the few with the lowest add-to-cart rate get reviews that mostly complain about
 * sizing; the others get mostly happy ones, in English with some Spanish and German. Seeded,
 * so a demo run is repeatable. The texts are templates written for the demo.
 */
import type { Db } from '../db/client';
import { Rng } from './simulator/rng';

const SIZING = [
  'Runs small, I had to send it back for a larger size.', 'Way too tight around the shoulders, order one size up.',
  'The sizing is off, the medium fits like a small.', 'La talla es demasiado pequeña.', 'Fällt leider zu klein aus.',
];
const HAPPY = [
  'Great quality, very happy with it.', 'Love it, and shipping was fast.', 'Excellent value for the money.',
  'Fits perfectly and feels sturdy.', 'Muy buena calidad, lo recomiendo.', 'Super Qualität, gerne wieder.',
  'Beautiful color, exactly like the photos.',
];
const MIXED = ['Nice color, but the zipper broke after a week.', 'Good product, but shipping took two weeks.', 'Decent, a bit expensive for what it is.'];

export interface DemoProductTraffic {
  productId: string;
  views: number;
  addToCarts: number;
}

export interface DemoReviewRow {
  productId: string;
  rating: number;
  ratingMax: number;
  ratingCount: number;
  texts: Array<{ rating: number; text: string }>;
}

/** Pure: review rows for the `reviewed` most viewed products; the `problems` lowest add-to-cart rates among them get sizing complaints. */
export function demoReviews(traffic: readonly DemoProductTraffic[], seed: number | string, reviewed = 30, problems = 3): DemoReviewRow[] {
  const rng = new Rng(`${seed}:reviews`);
  const top = [...traffic].filter((t) => t.views >= 20).sort((a, b) => b.views - a.views || a.productId.localeCompare(b.productId)).slice(0, reviewed);
  const rate = (t: DemoProductTraffic) => t.addToCarts / t.views;
  const flagged = new Set([...top].sort((a, b) => rate(a) - rate(b) || a.productId.localeCompare(b.productId)).slice(0, problems).map((t) => t.productId));
  return top.map((t) => {
    const n = rng.int(4, 12);
    const texts = Array.from({ length: n }, () => {
      const roll = rng.next();
      if (flagged.has(t.productId)) return roll < 0.6 ? { rating: 2, text: rng.pick(SIZING) } : roll < 0.8 ? { rating: 3, text: rng.pick(MIXED) } : { rating: 5, text: rng.pick(HAPPY) };
      return roll < 0.8 ? { rating: 5, text: rng.pick(HAPPY) } : { rating: 3, text: rng.pick(MIXED) };
    });
    const rating = Math.round((texts.reduce((a, x) => a + x.rating, 0) / n) * 10) / 10;
    return { productId: t.productId, rating, ratingMax: 5, ratingCount: n + rng.int(0, 30), texts };
  });
}

/** Writes the demo reviews for the dev shop from its stored traffic; returns how many products got some. */
export async function seedDemoReviews(db: Db, shopId: number, seed: number | string): Promise<number> {
  const rows = await db.event.groupBy({ by: ['productId', 'name'], where: { shopId, name: { in: ['product_viewed', 'product_added_to_cart'] }, productId: { not: null } }, _count: { _all: true } });
  const traffic = new Map<string, DemoProductTraffic>();
  for (const r of rows) {
    const t = traffic.get(r.productId!) ?? traffic.set(r.productId!, { productId: r.productId!, views: 0, addToCarts: 0 }).get(r.productId!)!;
    if (r.name === 'product_viewed') t.views += r._count._all;
    else t.addToCarts += r._count._all;
  }
  const reviews = demoReviews([...traffic.values()], seed);
  await db.productReview.deleteMany({ where: { shopId } });
  await db.productReview.createMany({ data: reviews.map((r) => ({ shopId, ...r, texts: JSON.stringify(r.texts) })) });
  return reviews.length;
}
