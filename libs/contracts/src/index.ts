export * from './topics';
export * from './asleep';
export * from './analytics';
export * from './platform';
