import { parseInstant } from './parse-instant';

describe('parseInstant', () => {
  it('reads the rendered shape as Date.parse does', () => {
    for (const iso of [
      '2025-03-10T23:13:00+09:00',
      '2025-03-10T11:43:00-02:30',
      '1969-12-31T23:59:59+00:00',
      '2024-02-29T12:00:00+01:00',
      '2000-02-29T12:00:00+01:00',
      '2024-12-31T23:30:00-05:45',
      '0100-01-01T00:00:00+00:00',
    ])
      expect(parseInstant(iso)).toBe(Date.parse(iso));
  });

  it('leaves every other string to Date.parse, invalid ones included', () => {
    for (const iso of [
      '2025-02-29T00:00:00+00:00',
      '1900-02-29T00:00:00+00:00',
      '2025-04-31T00:00:00+00:00',
      '2025-03-10T24:00:00+00:00',
      '2025-13-10T00:00:00+00:00',
      '0099-01-01T00:00:00+00:00',
      '2025-03-10T14:13:00Z',
      '2025-03-10T14:13:00.500+00:00',
      '2025-03-1xT14:13:00+00:00',
      '2025-03-10 14:13:00+00:00',
      'not a date at all, 25 chr',
    ])
      expect(parseInstant(iso)).toBe(Date.parse(iso));
  });

  it('counts every day as Date.parse does, across leap centuries and the ends of its years', () => {
    const day = 86_400_000;
    const spans = [
      ['0100-01-01', '0105-01-01'],
      ['1599-01-01', '2401-03-01'],
      ['9995-01-01', '9999-12-31'],
    ];
    for (const [from, to] of spans)
      for (let ms = Date.parse(from); ms <= Date.parse(to); ms += day) {
        const iso = `${new Date(ms + 45_296_000).toISOString().slice(0, 19)}+00:00`;
        if (parseInstant(iso) !== ms + 45_296_000)
          expect([iso, parseInstant(iso)]).toEqual([iso, Date.parse(iso)]);
      }
  });

  it('agrees with Date.parse on random instants in many offsets', () => {
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    let seed = 7;
    const next = (n: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31), seed % n);
    for (let i = 0; i < 5_000; i++) {
      const iso = `${pad(1900 + next(200), 4)}-${pad(1 + next(12))}-${pad(1 + next(31))}T${pad(next(25))}:${pad(next(61))}:${pad(next(61))}${next(2) ? '+' : '-'}${pad(next(25))}:${pad(next(61))}`;
      expect(parseInstant(iso)).toBe(Date.parse(iso));
    }
  });
});
