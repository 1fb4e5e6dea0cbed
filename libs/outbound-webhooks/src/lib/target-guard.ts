import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import ipaddr from 'ipaddr.js';

/** Where deliveries may go. Production: https to public addresses only. */
export interface TargetPolicy {
  /** `http:` URLs too (local development and tests). */
  allowHttp: boolean;
  /** Loopback, private, link-local and other non-public addresses too (tests, private networks). */
  allowPrivateNetworks: boolean;
}

export const PRODUCTION_TARGET_POLICY: TargetPolicy = {
  allowHttp: false,
  allowPrivateNetworks: false,
};

export class TargetRefusedError extends Error {}

/** Unicast on the public internet: not loopback, private, link-local, CGNAT, multicast, reserved… */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === 'unicast';
}

function literalAddressOf(hostname: string): string | null {
  const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  return ipaddr.isValid(bare) ? bare : null;
}

/**
 * Why an endpoint URL is refused, or null. Checked at registration and again at each delivery
 * (the policy may have changed); names are resolved and checked when connecting (see
 * `guardedLookup`), so a name that later points inside is refused too.
 */
export function refusalOf(url: string, policy: TargetPolicy): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'The URL is not a valid absolute URL';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'The URL must use https';
  if (parsed.protocol === 'http:' && !policy.allowHttp) return 'The URL must use https';
  if (parsed.username || parsed.password) return 'The URL must not carry credentials';
  if (policy.allowPrivateNetworks) return null;
  const literal = literalAddressOf(parsed.hostname);
  if (literal !== null && !isPublicAddress(literal))
    return 'The URL points at a private, loopback or link-local address';
  if (
    literal === null &&
    (parsed.hostname === 'localhost' || parsed.hostname.endsWith('.localhost'))
  )
    return 'The URL points at a private, loopback or link-local address';
  return null;
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for `net.connect` that refuses names resolving to non-public addresses: the address
 * checked is the one connected to, so DNS rebinding between a check and the request gains nothing.
 */
export function guardedLookup(policy: TargetPolicy) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '');
      const list = addresses as LookupAddress[];
      const refused = list.find((entry) => !isPublicAddress(entry.address));
      if (refused && !policy.allowPrivateNetworks)
        return callback(
          Object.assign(new TargetRefusedError(`${hostname} resolves to a non-public address`), {
            code: 'ETARGETREFUSED',
          }),
          '',
        );
      if (options.all) return callback(null, list);
      return callback(null, list[0].address, list[0].family);
    });
  };
}
