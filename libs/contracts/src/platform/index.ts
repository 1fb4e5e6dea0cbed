export * from './audit-entry';
export * from './org-settings';
export * from './exports';
