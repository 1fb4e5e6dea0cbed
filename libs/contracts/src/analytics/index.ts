export * from './night-fact';
export * from './analytics-queries';
