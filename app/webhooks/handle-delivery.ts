/**
 * Runs one verified webhook delivery at most once: claims it by its X-Shopify-Webhook-Id
 * (./delivery-log.ts), runs its topic's handler (./topics.ts), then marks it handled, or
 * releases the claim when the handler refused the payload or failed, so Shopify's retry runs.
 */
import { claimDelivery, markHandled, releaseDelivery } from './delivery-log';
import { createTopicHandlers, type TopicDeps } from './topics';
import { fail, ok, type Result } from '../problem';

export interface VerifiedDelivery {
  /** Shopify's topic, e.g. `app/uninstalled` */
  topic: string;
  /** the shop the signed delivery is for */
  domain: string;
  webhookId: string;
  payload: unknown;
  triggeredAt: Date | null;
}

export type DeliveryAnswer = { ok: true; topic: string; duplicate: true } | { ok: true; topic: string; result: Record<string, unknown> };

const topicKey = (topic: string) => topic.toLowerCase().replace(/[/.]/g, '_');

export function createDeliveryHandler(deps: TopicDeps) {
  const { db, logger, metrics } = deps;
  const handlers = createTopicHandlers(deps);

  return {
    /** Whether Waymark does anything on this topic (others are acknowledged and ignored). */
    handles: (topic: string) => Object.hasOwn(handlers, topicKey(topic)), // not __proto__ / constructor

    async handle(d: VerifiedDelivery): Promise<Result<DeliveryAnswer>> {
      const claim = await claimDelivery(db, { webhookId: d.webhookId, shop: d.domain, topic: d.topic });
      if (!claim.claimed) {
        metrics.count(`webhook_duplicate_${claim.state}`);
        return claim.state === 'in_progress' ? fail('conflict', 'this delivery is being handled; retry later', 10) : ok({ ok: true, topic: d.topic, duplicate: true });
      }
      let result;
      try {
        result = await handlers[topicKey(d.topic)](d.domain, d.payload, { triggeredAt: d.triggeredAt });
      } catch (error) {
        await releaseDelivery(db, d.webhookId).catch(() => {});
        throw error;
      }
      if (!result.ok) {
        await releaseDelivery(db, d.webhookId);
        return result;
      }
      await markHandled(db, d.webhookId);
      logger.info({ topic: d.topic, shop: d.domain, webhookId: d.webhookId }, 'webhook handled');
      return ok({ ok: true, topic: d.topic, result: result.value });
    },
  };
}
