export * from '../../ml/data/journey-step';
export * from './device-class';
export * from './sessionize';
export * from './traffic-source';
