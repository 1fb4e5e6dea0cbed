export * from './topic-spec';
export * from './topics';
export * from './envelope';
export * from './webhook-received';
export * from './tenant-events';
export * from './session-events';
export * from './user-events';
export * from './session-commands';
