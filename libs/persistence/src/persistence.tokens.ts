/** Injection token of the service's `DatabaseHandle`. */
export const DATABASE = Symbol('DATABASE');

export const PERSISTENCE_OPTIONS = Symbol('PERSISTENCE_OPTIONS');
