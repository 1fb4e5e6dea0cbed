export * from './zoned-time';
export * from './night-facts';
