/** Injection tokens of the gateway's own providers. */
export const KEY_VAULT = Symbol('KEY_VAULT');
export const ASLEEP_CLIENTS = Symbol('ASLEEP_CLIENTS');
export const GATEWAY_DEPS = Symbol('GATEWAY_DEPS');
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
export const RATE_LIMITER = Symbol('RATE_LIMITER');
export const LIVE_HUB = Symbol('LIVE_HUB');
export const SESSION_CACHE = Symbol('SESSION_CACHE');
export const SESSION_STORE = Symbol('SESSION_STORE');
/** Signs what the gateway alone may announce: tenants' keys and user deletions. */
export const EVENT_SIGNER = Symbol('EVENT_SIGNER');
