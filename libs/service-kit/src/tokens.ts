/** Injection tokens shared by every app. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');
/** A `MessageVerifier` with the gateway's public keys (EVENT_VERIFY_KEYS), for signed topics. */
export const EVENT_VERIFIER = Symbol('EVENT_VERIFIER');
