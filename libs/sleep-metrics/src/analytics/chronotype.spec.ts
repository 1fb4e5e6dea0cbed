import { chronotype } from './chronotype';
import { factsOf } from '../test/facts';

const plain = (minutes: number) => ({
  latencyMin: 0,
  trailingMin: 0,
  asleepMin: minutes,
  pattern: 'l',
});

describe('chronotype MSFsc and social jet lag', () => {
  // Work nights Sun-Thu 23:00-07:00 (sleep days Mon-Fri), free nights 01:00-10:00 on Sat and Sun.
  const week = factsOf('UTC', [
    ['2025-03-09T23:00:00Z', plain(480)],
    ['2025-03-10T23:00:00Z', plain(480)],
    ['2025-03-11T23:00:00Z', plain(480)],
    ['2025-03-12T23:00:00Z', plain(480)],
    ['2025-03-13T23:00:00Z', plain(480)],
    ['2025-03-15T01:00:00Z', plain(540)],
    ['2025-03-16T01:00:00Z', plain(540)],
  ]);

  it('by hand: MSW 03:00, MSF 05:30, SDw 8 h, SDf 9 h -> MSFsc 05:08:34, jet lag 150 min', () => {
    // SDweek = (5 * 8 + 2 * 9) / 7 = 8.2857 h; MSFsc = 5.5 h - (9 - 8.2857) / 2 h = 5.142857 h
    // = 18,514.29 s -> 05:08:34.
    expect(chronotype(week)).toEqual({
      msfsc: 18_514,
      msfscTime: '05:08:34',
      msf: 5.5 * 3600,
      msw: 3 * 3600,
      sleepDurationWork: 8 * 3600,
      sleepDurationFree: 9 * 3600,
      socialJetLagMinutes: 150,
      socialJetLagSeconds: 9000,
      freeNights: 2,
      workNights: 5,
      reason: null,
    });
  });

  it('no correction when free nights are not longer', () => {
    const short = factsOf('UTC', [
      ['2025-03-09T23:00:00Z', plain(480)],
      ['2025-03-10T23:00:00Z', plain(480)],
      ['2025-03-11T23:00:00Z', plain(480)],
      ['2025-03-15T01:00:00Z', plain(420)],
      ['2025-03-16T01:00:00Z', plain(420)],
    ]);
    // MSF = 01:00 + 3.5 h = 04:30.
    expect(chronotype(short)).toMatchObject({
      msfsc: 4.5 * 3600,
      msf: 4.5 * 3600,
      socialJetLagMinutes: 90,
    });
  });

  it('needs 2 free and 3 work main sleeps', () => {
    expect(chronotype(week.slice(0, 6))).toMatchObject({
      msfsc: null,
      reason: 'too-few-nights',
      freeNights: 1,
      workNights: 5,
    });
    expect(chronotype(week.slice(3))).toMatchObject({
      msfsc: null,
      reason: 'too-few-nights',
      workNights: 2,
    });
    expect(chronotype([])).toMatchObject({ reason: 'too-few-nights' });
  });

  it('free days are configurable (Friday and Saturday)', () => {
    // Fri and Sat sleep days free: the Fri night (work schedule) and Sat night; Sun becomes work.
    const result = chronotype(week, { freeDays: [5, 6] });
    expect(result).toMatchObject({ freeNights: 2, workNights: 5 });
    // MSF = mean of 03:00 and 05:30 = 04:15 (circular, equal here to the arithmetic mean).
    expect(result.msf).toBe(4.25 * 3600);
  });

  it('mid-sleep times wrap around midnight', () => {
    const late = factsOf('UTC', [
      ['2025-03-09T20:00:00Z', plain(240)],
      ['2025-03-10T20:00:00Z', plain(240)],
      ['2025-03-11T20:00:00Z', plain(240)],
      ['2025-03-14T22:00:00Z', plain(240)],
      ['2025-03-15T22:00:00Z', plain(240)],
    ]);
    // MSW 22:00, MSF 00:00: 2 h apart across midnight, not 22 h.
    expect(chronotype(late)).toMatchObject({ msw: 22 * 3600, msf: 0, socialJetLagMinutes: 120 });
  });
});
