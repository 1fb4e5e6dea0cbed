import { isPermanentFailure } from './unprocessable-message';

describe('isPermanentFailure', () => {
  const sqlError = (code: string) => Object.assign(new Error('failed'), { code });

  it('dead-letters what fails the same way every time', () => {
    expect(isPermanentFailure(sqlError('23505'))).toBe(true); // unique violation
    expect(isPermanentFailure(sqlError('22P02'))).toBe(true); // invalid text representation
    expect(isPermanentFailure(sqlError('42P01'))).toBe(true); // undefined table
    expect(isPermanentFailure(new TypeError('x is undefined'))).toBe(true);
    expect(isPermanentFailure(new RangeError('Invalid time zone'))).toBe(true);
  });

  it('waits out what a later retry can fix', () => {
    expect(isPermanentFailure(sqlError('57P01'))).toBe(false); // admin shutdown
    expect(isPermanentFailure(sqlError('40001'))).toBe(false); // serialization failure
    expect(isPermanentFailure(sqlError('ECONNREFUSED'))).toBe(false);
    expect(isPermanentFailure(new Error('Connection terminated unexpectedly'))).toBe(false);
    expect(isPermanentFailure(undefined)).toBe(false);
  });
});
