/** Postgres (and PGlite) report a duplicate key as SQLSTATE 23505, possibly wrapped by drizzle. */
export function isUniqueViolation(error: unknown): boolean {
  for (
    let current = error as { code?: unknown; cause?: unknown } | undefined;
    current;
    current = current.cause as typeof current
  ) {
    if (current.code === '23505') return true;
  }
  return false;
}
