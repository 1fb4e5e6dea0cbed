import { z } from 'zod';

/** The dotted paths of a failed parse, e.g. `data.session.sleep_stages.3`. */
export function issuePaths(result: { success: boolean; error?: z.ZodError }): string[] {
  if (result.success || !result.error) throw new Error('expected the parse to fail');
  return result.error.issues.map((issue) => issue.path.join('.'));
}

/** The human-readable report, which names each failing path (`→ at data.session.id`). */
export function report(result: { success: boolean; error?: z.ZodError }): string {
  if (result.success || !result.error) throw new Error('expected the parse to fail');
  return z.prettifyError(result.error);
}

/** Marks a key to delete in `variant`. */
export const REMOVE = Symbol('remove');

/**
 * A deep copy of `sample` with the value at a dotted path replaced (or removed), for hostile
 * variants: `variant(sample, 'data.session.sleep_stages.3', 4)`.
 */
export function variant(sample: unknown, path: string, value: unknown): unknown {
  const copy = structuredClone(sample);
  const keys = path.split('.');
  const last = keys.pop() as string;
  let node = copy as Record<string, unknown>;
  for (const key of keys) node = node[key] as Record<string, unknown>;
  if (value === REMOVE) delete node[last];
  else node[last] = value;
  return copy;
}
