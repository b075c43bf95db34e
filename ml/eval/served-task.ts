/**
 * The task the storefront serves, as an evaluation: the next product the shopper has not already seen in
 * this session. The model's recommendations leave out the session's own products (ml/serve.ts fromSession:
 * a block never shows the product on screen or one just viewed) and the per-store pipeline merges
 * consecutive clicks on one product (ml/train.ts buildDataset), so under this task consecutive repeats are
 * merged in the training and test sessions alike, and every model's ranking leaves out the session's items
 * (EvalOptions.excludeSession); a click back to one of them counts as a miss for every model.
 * session-rec's reference protocol counts a repeat click as a target (26% of the YooChoose reference
 * split's, most of its VSTAN's hits), which no block can serve. Pure.
 */
import type { Session, SessionDataset } from '../data/session-dataset';

/** Sessions with consecutive clicks on the same item merged (the first click kept); sessions left with fewer than 2 events drop. */
export function mergeConsecutiveRepeats(data: SessionDataset): SessionDataset {
  const sessions: Session[] = [];
  for (const s of data.sessions) {
    const events = s.events.filter((e, i) => i === 0 || e.item !== s.events[i - 1].item);
    if (events.length >= 2) sessions.push(events.length === s.events.length ? s : { ...s, events });
  }
  return { ...data, sessions };
}
