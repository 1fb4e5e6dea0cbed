export * from './audit-entry';
export * from './org-settings';
export * from './change';
export * from './webhook';
export * from './exports';
