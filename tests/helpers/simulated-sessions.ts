/**
 * Test data: a simulated store's visits as `SessionRecord`s, built offline (no database)
 * with the same sessionizer the app uses. isReturning follows sessionize-job: the client
 * was seen before this visit started.
 */
import { simulate } from '../../app/demo/simulator';
import { sessionizeAll, type SteppedEvent } from '../../app/journeys/sessionize';
import { withStep } from '../../app/journeys/event-step';
import type { SessionRecord } from '../../ml/propensity/features';

export interface SimulatedStore {
  sessions: SessionRecord[];
  events: number;
}

const cache = new Map<string, SimulatedStore>();

export function simulatedSessions(options: { seed: number | string; sessions: number; days?: number }): SimulatedStore {
  const key = JSON.stringify(options);
  const hit = cache.get(key);
  if (hit) return hit;
  const events: SteppedEvent[] = [];
  const device = new Map<string, string>();
  for (const s of simulate({ seed: options.seed, sessions: options.sessions, days: options.days ?? 30 })) {
    events.push(withStep(s.event));
    if (!device.has(s.event.clientId)) device.set(s.event.clientId, s.device);
  }
  const result = sessionizeAll(events);
  const byJourney = new Map<string, SteppedEvent[]>();
  result.assignments.forEach((jid, i) => {
    let list = byJourney.get(jid);
    if (!list) byJourney.set(jid, (list = []));
    list.push(events[i]);
  });
  const firstSeen = new Map<string, number>();
  for (const j of result.created) firstSeen.set(j.clientId, Math.min(firstSeen.get(j.clientId) ?? Infinity, j.startTs));
  const sessions = result.created.map(
    (j): SessionRecord => ({
      id: j.journeyId,
      startedAt: j.startTs,
      device: device.get(j.clientId) ?? 'other',
      source: j.trafficSource,
      isReturning: (firstSeen.get(j.clientId) ?? Infinity) < j.startTs,
      events: byJourney.get(j.journeyId) ?? [],
      purchased: j.purchased,
    }),
  );
  const store = { sessions, events: events.length };
  cache.set(key, store);
  return store;
}
