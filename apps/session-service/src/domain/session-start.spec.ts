import { startFromSessionId } from './session-start';

describe('startFromSessionId', () => {
  it('reads the UTC stamp of an Asleep session id (Asleep contract 1.1)', () => {
    expect(startFromSessionId('20250115025029_fvivn')).toBe(Date.parse('2025-01-15T02:50:29Z'));
    expect(startFromSessionId('20230630224117')).toBe(Date.parse('2023-06-30T22:41:17Z'));
  });

  it('is null for ids of another shape or impossible dates', () => {
    expect(startFromSessionId('abc')).toBeNull();
    expect(startFromSessionId('20250230010101_xxxxx')).toBeNull();
    expect(startFromSessionId('202501150250291_x')).toBeNull();
  });
});
