export * from './config';
export * from './base-env';
export * from './tokens';
export * from './readiness-checks';
export * from './bootstrap';
export * from './boot-service';
export * from './service-kit.module';
export * from './sealed-secret';
