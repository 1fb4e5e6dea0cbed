const STAMP = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:_|$)/;

/**
 * The UTC start encoded in an Asleep session id (`20250115025029_fvivn`, Asleep contract 1.1), or
 * null when the id does not have that shape. Only a stand-in until SESSION_COMPLETE or the API tells
 * the real start: INFERENCE_COMPLETE carries none.
 */
export function startFromSessionId(sessionId: string): number | null {
  const match = STAMP.exec(sessionId);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(ms);
  const exact =
    back.getUTCFullYear() === year &&
    back.getUTCMonth() === month - 1 &&
    back.getUTCDate() === day &&
    back.getUTCHours() === hour &&
    back.getUTCMinutes() === minute &&
    back.getUTCSeconds() === second;
  return exact && year >= 2000 ? ms : null;
}
