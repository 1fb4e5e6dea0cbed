import { type AuditEntryInput, AuditEntryInputSchema } from '@sleep/contracts';

/** Detail names that could carry a credential; such a detail never reaches the log. */
const SECRET_NAME = /key|secret|token|password|credential|authorization|kek/i;
/** Names that only look like one: fingerprints and ids of keys are how an operator tells keys apart. */
const KNOWN_SAFE = new Set(['keyFingerprint', 'previousKeyFingerprint', 'kid', 'previousKid']);

function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([name]) => KNOWN_SAFE.has(name) || !SECRET_NAME.test(name))
      .map(([name, inner]) => [name, withoutSecrets(inner)]),
  );
}

/** Validated, and stripped of anything named like a secret: what an audit store writes. */
export function auditEntryForStorage(entry: AuditEntryInput): AuditEntryInput {
  const parsed = AuditEntryInputSchema.parse(entry);
  return parsed.details === undefined
    ? parsed
    : { ...parsed, details: withoutSecrets(parsed.details) as Record<string, unknown> };
}
