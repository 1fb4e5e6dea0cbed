// Sample Asleep payloads (Asleep contract 3 and 9). Frozen: clone before deriving a variant.
export * from './samples/night';
export * from './samples/rest';
export * from './samples/sessions';
export * from './samples/webhooks';
