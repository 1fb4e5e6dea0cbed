import fc from 'fast-check';
import { zoneOffsetMs } from './zone-offset';
import { ZONES } from '../test/night-arbitrary';

/** The offset asked of Intl directly, without any cache. */
function intlOffset(ms: number, timeZone: string): number {
  const second = Math.floor(ms / 1000) * 1000;
  const parts: Record<string, number> = {};
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  for (const p of format.formatToParts(second))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return (
    Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) -
    second
  );
}

describe('cached zone offsets', () => {
  it('switch exactly at a transition', () => {
    expect(zoneOffsetMs(Date.parse('2025-03-30T00:59:59.999Z'), 'Europe/Berlin')).toBe(3600_000);
    expect(zoneOffsetMs(Date.parse('2025-03-30T01:00:00Z'), 'Europe/Berlin')).toBe(7200_000);
    expect(zoneOffsetMs(Date.parse('2025-10-04T15:29:59Z'), 'Australia/Lord_Howe')).toBe(
      10.5 * 3600_000,
    );
    expect(zoneOffsetMs(Date.parse('2025-10-04T15:30:00Z'), 'Australia/Lord_Howe')).toBe(
      11 * 3600_000,
    );
  });

  it('agree with Intl everywhere, including odd historical transitions', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES, 'Asia/Kolkata', 'Africa/Monrovia', 'Europe/Amsterdam'),
        fc.integer({ min: -2_500_000_000_000, max: 4_102_444_800_000 }),
        (zone, ms) => {
          expect(zoneOffsetMs(ms, zone)).toBe(intlOffset(ms, zone));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('refuses an unknown or missing zone', () => {
    expect(() => zoneOffsetMs(0, 'Mars/Olympus')).toThrow(RangeError);
    expect(() => zoneOffsetMs(0, undefined as unknown as string)).toThrow(RangeError);
  });
});
