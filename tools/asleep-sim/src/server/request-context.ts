import type { FastifyRequest } from 'fastify';
import { isIanaTimezone } from '../time/zoned-time';
import { badRequest, unauthorized } from './errors';
import { ROUTES } from './routes';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated `x-api-key`: the tenant whose data the request sees. */
    apiKey: string;
  }
}

export function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** S1-S3 need `x-user-id` (Asleep contract 1); its 401 wording differs per endpoint (4.2). */
export function requireUserIdHeader(request: FastifyRequest, detail = 'invalid user id'): string {
  const userId = header(request, 'x-user-id')?.trim();
  if (!userId) throw unauthorized(detail);
  return userId;
}

/** The `timezone` header, UTC when omitted (Asleep contract 7.3). */
export function timezoneOf(request: FastifyRequest): string {
  const timezone = header(request, 'timezone');
  if (timezone === undefined) return 'UTC';
  if (!isIanaTimezone(timezone)) throw badRequest('The invalid timezone is provided');
  return timezone;
}

export function routeKeyOf(request: FastifyRequest): string {
  const url = request.routeOptions.url;
  return url ? `${request.method} ${url}` : ROUTES.unmatched;
}
