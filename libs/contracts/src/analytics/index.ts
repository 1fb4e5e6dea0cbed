export * from './night-fact';
export * from './analytics-queries';
export * from './tenant-analytics-settings';
