export * from './topics';
export * from './asleep';
