export * from './night-fact';
export * from './analytics-queries';
export * from './tenant-analytics-settings';
export * from './user-tags';
export * from './org-stats';
