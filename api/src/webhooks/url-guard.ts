import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { promisify } from 'node:util';
import ipaddr from 'ipaddr.js';

const lookupAll = promisify(dnsLookup);

/** Public unicast only: loopback, private, link-local, CGNAT, multicast, reserved... are refused. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let ip = ipaddr.parse(address);
  // An IPv4 address written as IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it is.
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  return ip.range() === 'unicast';
}

export class UnsafeUrlError extends Error {}

/**
 * Checks a webhook URL before it is stored: http(s), no credentials, and (unless private URLs are
 * allowed) https to a host whose every address is public. Delivery checks again at connect time
 * (`guardedLookup`), since DNS may answer differently later.
 */
export async function checkWebhookUrl(value: string, allowPrivate: boolean): Promise<URL> {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UnsafeUrlError('Must be an absolute URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UnsafeUrlError('Must be an https URL.');
  if (url.username || url.password) throw new UnsafeUrlError('Must not carry credentials: sign with the secret instead.');
  if (allowPrivate) return url;
  if (url.protocol !== 'https:') throw new UnsafeUrlError('Must be an https URL.');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: LookupAddress[];
  try {
    addresses = await lookupAll(host, { all: true, verbatim: true });
  } catch {
    throw new UnsafeUrlError(`The host ${host} does not resolve.`);
  }
  if (addresses.length === 0 || !addresses.every((a) => isPublicAddress(a.address))) {
    throw new UnsafeUrlError('Must not point at a loopback, private or reserved address.');
  }
  return url;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request that refuses non-public addresses: the address checked is the one
 * connected to, so a host that resolves publicly at registration and privately later is refused.
 */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true, verbatim: true }, (error, addresses) => {
      if (error) return callback(error, '');
      const list = addresses as LookupAddress[];
      const allowed = allowPrivate ? list : list.filter((a) => isPublicAddress(a.address));
      if (allowed.length === 0) {
        const refused: NodeJS.ErrnoException = new UnsafeUrlError(`${hostname} resolves only to loopback, private or reserved addresses.`);
        refused.code = 'EUNSAFEADDRESS';
        return callback(refused, '');
      }
      if (options.all) return callback(null, allowed);
      callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
}
