/**
 * Results that never change (completed sessions in the cache) until they are deleted, and their
 * JSON, made once and reused: on a cached night the serialisation would otherwise be the
 * largest cost left per request. Keyed by object identity, so a changed object is never served
 * stale JSON; a deleted one is retired.
 */
const serialized = new WeakMap<object, string>();
const immutable = new WeakSet<object>();

/** Declares that this object will never be mutated, so its JSON may be kept. */
export function markImmutable(value: object): void {
  immutable.add(value);
}

/** The object was deleted (its session or user): answers made from it must not be given again. */
export function retire(value: object): void {
  immutable.delete(value);
  serialized.delete(value);
}

export function isImmutable(value: unknown): value is object {
  return typeof value === 'object' && value !== null && immutable.has(value);
}

/** `JSON.stringify(value)`, remembered for objects marked immutable. */
export function serializeResult(value: unknown): string {
  if (typeof value !== 'object' || value === null || !immutable.has(value))
    return JSON.stringify(value);
  let json = serialized.get(value);
  if (json === undefined) {
    json = JSON.stringify(value);
    serialized.set(value, json);
  }
  return json;
}
