export * from './classify-step';
export * from './device-class';
export * from './sessionize';
export * from './traffic-source';
