/**
 * The journey step of an event, computed in one place. Ingest (app/ingest/pipeline.ts)
 * computes it once and stores it in Event.step; everything downstream (sessionizing,
 * roll-ups, search clusters, propensity features) reads the stored step through here.
 *
 * A row without a step (written around the pipeline: fixtures, direct inserts) is classified
 * on read, with the rule ingest uses. Ingest has always stored the step, so there is nothing
 * to backfill, and a SQL backfill would have to restate classify-step's rules in SQL.
 */
import type { JourneyEventName } from '../api-contract/ingest';
import { classifyStep, type JourneyStep } from '../../ml/data/journey-step';

export interface StepSource {
  name: string;
  path?: string | null;
  step?: string | null;
}

export function eventStep(event: StepSource): JourneyStep {
  return (event.step as JourneyStep | null | undefined) ?? classifyStep({ name: event.name as JourneyEventName, path: event.path ?? undefined });
}

/** The event with its step (the stored one, or classified when missing). */
export function withStep<E extends StepSource>(event: E): E & { step: JourneyStep } {
  return { ...event, step: eventStep(event) };
}
