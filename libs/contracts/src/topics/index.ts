export * from './topic-spec';
export * from './topics';
export * from './envelope';
