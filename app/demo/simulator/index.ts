export * from './catalog';
export * from './rng';
export * from './shopify-events';
export * from './simulate';
export type { Visitor } from './visitors';
export * from './blocks';
