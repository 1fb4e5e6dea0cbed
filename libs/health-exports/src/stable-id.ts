import { createHash } from 'node:crypto';

/**
 * A UUID (version 8, RFC 9562: vendor-defined) drawn from a name, so exporting the same night
 * twice gives it the same id and receivers can deduplicate.
 */
export function stableUuid(name: string): string {
  const bytes = createHash('sha256').update(name).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Only nights that ended and were analysed are exported as measurements. */
export function isExportableNight(night: {
  session: { state: string; end_time: string | null };
}): boolean {
  return night.session.state === 'COMPLETE' && night.session.end_time !== null;
}
