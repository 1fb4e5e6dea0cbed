import { IanaTimezoneSchema } from '@sleep/contracts';
import { AppUserIdSchema } from '../auth/principal';

/** Whose data; the caller's own when omitted. Only analysts (read) and admins may name another. */
export const TargetUserSchema = AppUserIdSchema.optional().describe(
  "The app user whose data is meant; the caller's own when omitted",
);

/** Zone datetimes are rendered in; the tenant's default when omitted. */
export const TimezoneInputSchema = IanaTimezoneSchema.optional().describe(
  "IANA time zone for datetimes and date filters; the tenant's default when omitted",
);
