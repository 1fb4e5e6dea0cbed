import { z } from 'zod';

/**
 * A contract shape as an output schema. Contract schemas normalise with transforms, which
 * OpenAPI cannot describe, so the document gets their output side as JSON Schema, while the
 * value passes through unchecked: the gateway parses such data once, where it enters (the
 * Asleep client, the session store adapter), and keeps the parsed form in its caches.
 */
export function documented<T extends z.ZodType>(schema: T, description?: string) {
  const { $schema: _, ...jsonSchema } = z.toJSONSchema(schema, {
    io: 'output',
    unrepresentable: 'any',
  });
  const override = { ...jsonSchema, ...(description ? { description } : {}) } as Record<
    string,
    unknown
  >;
  return z.custom<z.output<T>>(() => true).meta({ override });
}
