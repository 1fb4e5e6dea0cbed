type PgError = { code?: unknown; constraint?: unknown; cause?: unknown };

/** The Postgres error behind drizzle's wrappers, if it is SQLSTATE `code`. */
function pgError(error: unknown, code: string): PgError | undefined {
  for (
    let current = error as PgError | undefined;
    current;
    current = current.cause as typeof current
  ) {
    if (current.code === code) return current;
  }
  return undefined;
}

/** Postgres (and PGlite) report a duplicate key as SQLSTATE 23505, possibly wrapped by drizzle. */
export function isUniqueViolation(error: unknown): boolean {
  return pgError(error, '23505') !== undefined;
}

/** The unique constraint a duplicate key broke, when the driver names it. */
export function violatedConstraint(error: unknown): string | undefined {
  const constraint = pgError(error, '23505')?.constraint;
  return typeof constraint === 'string' ? constraint : undefined;
}
