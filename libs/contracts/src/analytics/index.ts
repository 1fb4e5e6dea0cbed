export * from './night-fact';
