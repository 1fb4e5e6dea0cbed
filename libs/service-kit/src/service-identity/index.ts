export * from './service-keys';
export * from './service-token.signer';
export * from './service-token.verifier';
export * from './require-service-token';
