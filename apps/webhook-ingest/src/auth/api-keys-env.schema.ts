import { z } from 'zod';

export interface ApiKeyEntry {
  tenantId: string;
  key: string;
}

const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
// Keys are Asleep's to mint; only what would break the list format or a header is refused.
const KEY = /^[\x21-\x7e]+$/;

/**
 * `WEBHOOK_API_KEYS`: `tenant-a:key1,tenant-b:key2`. A tenant may hold several keys at once
 * (rotation); one key may not belong to two tenants. Errors name the entry, never its value.
 */
export const envApiKeys = () =>
  z.preprocess(
    (value) => (value === undefined ? '' : value),
    z.string().transform((value, ctx): ApiKeyEntry[] => {
      const entries: ApiKeyEntry[] = [];
      const items = value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
      items.forEach((item, index) => {
        const colon = item.indexOf(':');
        const tenantId = item.slice(0, colon);
        const key = item.slice(colon + 1);
        const fail = (message: string) =>
          ctx.addIssue({ code: 'custom', message: `entry ${index + 1}: ${message}` });
        if (colon <= 0 || !key) return fail('expected tenant:key');
        if (!TENANT_ID.test(tenantId))
          return fail('tenant id must be 1-100 letters, digits, dots, dashes or underscores');
        if (!KEY.test(key)) return fail('key must be printable ASCII without spaces');
        if (entries.some((entry) => entry.key === key)) return fail('key already configured');
        entries.push({ tenantId, key });
      });
      return entries;
    }),
  );
