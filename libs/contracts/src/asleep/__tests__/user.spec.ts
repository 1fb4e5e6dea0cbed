import {
  CreateUserRequestSchema,
  CreateUserResponseSchema,
  GetUserResponseSchema,
  UpdateUserRequestSchema,
  UpdateUserResponseSchema,
  UserMetadataSchema,
} from '..';
import {
  sampleCreateUserRequest,
  sampleCreateUserResponse,
  sampleGetUserResponse,
  sampleUpdateUserResponse,
} from '../fixtures';
import { issuePaths } from './helpers';

describe('user samples (Asleep contract U1-U3)', () => {
  it('parse', () => {
    expect(CreateUserRequestSchema.parse(sampleCreateUserRequest)).toEqual(sampleCreateUserRequest);
    expect(CreateUserResponseSchema.parse(sampleCreateUserResponse).result.user_id).toMatch(/^G-/);
  });

  it('U2 datetimes without offset come out as UTC', () => {
    const info = GetUserResponseSchema.parse(sampleGetUserResponse).result.last_session_info;
    expect(info?.start_time).toBe('2023-06-30T22:41:17Z');
    expect(info?.complete_time).toBe('2023-07-01T05:41:12Z');
  });

  it('U3 reads the misspelled gendar key as gender', () => {
    const { result } = UpdateUserResponseSchema.parse(sampleUpdateUserResponse);
    expect(result.metadata).toEqual({ ...sampleCreateUserRequest.metadata, gender: 'male' });
    expect(result.metadata).not.toHaveProperty('gendar');
  });

  it('missing optional parts read as null', () => {
    const { result } = GetUserResponseSchema.parse({ result: { user_id: 'G-1' } });
    expect(result).toEqual({
      user_id: 'G-1',
      to_be_deleted: null,
      last_session_info: null,
      metadata: null,
    });
  });
});

describe('UserMetadataSchema', () => {
  it('accepts empty, null and partial metadata', () => {
    for (const meta of [{}, { gender: null, height: null }, { birth_year: 1900 }, { weight: 0 }]) {
      expect(UserMetadataSchema.safeParse(meta).success).toBe(true);
    }
  });

  it.each([
    [{ birth_year: 1899 }, 'birth_year'],
    [{ birth_year: new Date().getUTCFullYear() + 2 }, 'birth_year'],
    [{ birth_year: 2000.5 }, 'birth_year'],
    [{ birth_month: 13 }, 'birth_month'],
    [{ birth_day: 0 }, 'birth_day'],
    [{ birth_month: 4, birth_day: 31 }, 'birth_day'],
    [{ birth_year: 2023, birth_month: 2, birth_day: 29 }, 'birth_day'],
    [{ gender: 'm' }, 'gender'],
    [{ height: 300.1 }, 'height'],
    [{ height: 178.65 }, 'height'],
    [{ weight: -1 }, 'weight'],
    [{ weight: Number.NaN }, 'weight'],
    [{ weight: '62.1' }, 'weight'],
  ])('rejects %j at %s', (meta, path) => {
    expect(issuePaths(UserMetadataSchema.safeParse(meta))).toEqual([path]);
  });

  it('allows 29 February in a leap year or without a year', () => {
    expect(
      UserMetadataSchema.safeParse({ birth_year: 2024, birth_month: 2, birth_day: 29 }).success,
    ).toBe(true);
    expect(UserMetadataSchema.safeParse({ birth_month: 2, birth_day: 29 }).success).toBe(true);
  });
});

it('U3 requires the metadata key, U1 does not', () => {
  expect(CreateUserRequestSchema.safeParse({}).success).toBe(true);
  expect(UpdateUserRequestSchema.safeParse({ metadata: null }).success).toBe(true);
  expect(issuePaths(UpdateUserRequestSchema.safeParse({}))).toEqual(['metadata']);
});
