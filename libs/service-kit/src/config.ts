import { z } from 'zod';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Validates the whole environment once, at boot. A bad or missing variable stops
 * the service with a message naming every offending variable.
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  // Values are never echoed: a variable such as DATABASE_URL may carry a password.
  const lines = result.error.issues.map(({ path, message }) => {
    const [variable = '(environment)', ...within] = path.map(String);
    return `  ${variable}: ${message}${within.length ? ` (at ${within.join('.')})` : ''}`;
  });
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}

/** An unset or empty variable means "use the default". */
const blankToUndefined = (value: unknown) => (value === '' ? undefined : value);

export const envPort = (fallback: number) =>
  z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(65535).default(fallback));

export const envInt = (fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.preprocess(blankToUndefined, z.coerce.number().int().min(min).max(max).default(fallback));

export const envString = (fallback: string) =>
  z.preprocess(blankToUndefined, z.string().min(1).default(fallback));

export const envOptionalUrl = () =>
  z.preprocess(
    blankToUndefined,
    z.url({ protocol: /^(postgres|postgresql|redis|rediss|https?)$/ }).optional(),
  );

export const envList = (fallback: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .default(fallback)
      .transform((value) =>
        value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(/^[\w.-]+:\d{1,5}$/, 'expected host:port')).min(1)),
  );
