export * from './zoned-time';
export * from './night-facts';
export * from './exact-rounding';
export * from './circular';
export * from './average-stats';
export * from './mid-sleep';
export * from './score-curves';
export * from './sleep-score';
