import { createHash } from 'node:crypto';

/**
 * The text Postgres gives for `value::jsonb` (`jsonb::text`): keys ordered by length then bytes,
 * `": "` and `", "` between items. Null when unsure how Postgres would print a value (a number in
 * exponent form, anything not plain JSON): callers then treat the stored value as different.
 */
export function jsonbText(value: unknown): string | null {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return String(value);
    case 'string':
      return JSON.stringify(value);
    case 'number': {
      const text = JSON.stringify(value);
      return /^-?\d+(\.\d+)?$/.test(text) ? text : null;
    }
    case 'object':
      return Array.isArray(value) ? arrayText(value) : objectText(value as object);
    default:
      return null;
  }
}

function arrayText(items: readonly unknown[]): string | null {
  const parts: string[] = [];
  for (const item of items) {
    const text = item === undefined ? 'null' : jsonbText(item);
    if (text === null) return null;
    parts.push(text);
  }
  return `[${parts.join(', ')}]`;
}

function objectText(object: object): string | null {
  const prototype = Object.getPrototypeOf(object) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return null;
  const keys = Object.keys(object)
    .filter((key) => (object as Record<string, unknown>)[key] !== undefined)
    .map((key) => ({ key, bytes: Buffer.from(key) }))
    .sort((a, b) => a.bytes.length - b.bytes.length || Buffer.compare(a.bytes, b.bytes));
  const parts: string[] = [];
  for (const { key } of keys) {
    const text = jsonbText((object as Record<string, unknown>)[key]);
    if (text === null) return null;
    parts.push(`${JSON.stringify(key)}: ${text}`);
  }
  return `{${parts.join(', ')}}`;
}

/** `md5(value::jsonb::text)` as Postgres computes it, or null when `jsonbText` is unsure. */
export function jsonbMd5(value: unknown): string | null {
  const text = jsonbText(value);
  return text === null ? null : createHash('md5').update(text).digest('hex');
}
