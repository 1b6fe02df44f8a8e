/**
 * IP addresses and CIDR networks: strict parsing, formatting and matching. Shared by SPF (the
 * `ip4`/`ip6` mechanisms, dual CIDR lengths of `a`/`mx`) and the audit (egress IPs of sending paths).
 *
 * Addresses are held as `bigint` (IPv6, 128 bits) or `number` (IPv4, 32 bits, unsigned) so that
 * matching is plain arithmetic; everything exported as data is text.
 */

/** An IP address family. */
export type IpFamily = 4 | 6;

/** A parsed address: IPv4 as an unsigned 32-bit number, IPv6 as a 128-bit bigint. */
export type ParsedIp = { family: 4; value: number } | { family: 6; value: bigint };

/** A parsed network: the address with host bits cleared, and the prefix length. */
export interface Cidr {
  family: IpFamily;
  /** The first address of the network (host bits zero), as a bigint for both families. */
  network: bigint;
  prefix: number;
}

const MAX_V4 = 0xffffffffn;
const MAX_V6 = (1n << 128n) - 1n;

/** The largest address of a family (as a bigint). */
export function familyMax(family: IpFamily): bigint {
  return family === 4 ? MAX_V4 : MAX_V6;
}

/** The number of bits of a family's addresses. */
export function familyBits(family: IpFamily): number {
  return family === 4 ? 32 : 128;
}

/**
 * Parses a dotted-quad IPv4 address strictly: four decimal numbers 0-255 without leading zeros
 * (RFC 7208 §5.6 `qnum`; leading zeros are also refused because some stacks read them as octal).
 * A hand-written scanner: this is on the hot path of SPF evaluation.
 */
export function parseIPv4(text: string): number | undefined {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  let leadingZero = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (leadingZero) return undefined;
      if (digits === 0 && c === 48) leadingZero = true;
      part = part * 10 + (c - 48);
      if (++digits > 3 || part > 255) return undefined;
    } else if (c === 46) {
      if (digits === 0 || dots === 3) return undefined;
      value = value * 256 + part;
      part = 0;
      digits = 0;
      leadingZero = false;
      dots++;
    } else {
      return undefined;
    }
  }
  if (dots !== 3 || digits === 0) return undefined;
  return value * 256 + part;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * Parses an IPv6 address in any text form of RFC 4291 §2.2 (full, `::`-compressed, with an
 * embedded dotted IPv4 tail). Zone identifiers (`%eth0`) and prefix lengths are refused.
 */
export function parseIPv6(text: string): bigint | undefined {
  const n = text.length;
  if (n < 2 || n > 45) return undefined;
  const groups: number[] = [];
  let doubleAt = -1;
  let i = 0;
  if (text.charCodeAt(0) === 58) {
    if (text.charCodeAt(1) !== 58) return undefined;
    doubleAt = 0;
    i = 2;
  }
  while (i < n) {
    let j = i;
    let v = 0;
    for (let h = hexValue(text.charCodeAt(j)); j < n && h >= 0; h = hexValue(text.charCodeAt(++j))) v = v * 16 + h;
    if (j < n && text.charCodeAt(j) === 46) {
      // An embedded IPv4 address ends the text (RFC 4291 §2.2, form 3).
      const v4 = parseIPv4(text.slice(i));
      if (v4 === undefined) return undefined;
      groups.push(Math.floor(v4 / 65536), v4 % 65536);
      break;
    }
    if (j === i || j - i > 4) return undefined;
    groups.push(v);
    if (j === n) break;
    if (text.charCodeAt(j) !== 58) return undefined;
    j++;
    if (j < n && text.charCodeAt(j) === 58) {
      if (doubleAt >= 0) return undefined;
      doubleAt = groups.length;
      j++;
    } else if (j === n) {
      return undefined;
    }
    i = j;
  }
  if (doubleAt >= 0) {
    // "::" stands for one or more groups of zeros (RFC 4291 §2.2, form 2).
    if (groups.length > 7) return undefined;
    groups.splice(doubleAt, 0, ...new Array<number>(8 - groups.length).fill(0));
  } else if (groups.length !== 8) {
    return undefined;
  }
  const word = (k: number) => BigInt((groups[k] as number) * 65536 + (groups[k + 1] as number));
  return (word(0) << 96n) | (word(2) << 64n) | (word(4) << 32n) | word(6);
}

/** Parses an IPv4 or IPv6 address (surrounding whitespace is not allowed). */
export function parseIp(text: string): ParsedIp | undefined {
  if (text.includes(":")) {
    const v6 = parseIPv6(text);
    return v6 === undefined ? undefined : { family: 6, value: v6 };
  }
  const v4 = parseIPv4(text);
  return v4 === undefined ? undefined : { family: 4, value: v4 };
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:0:0/96`, RFC 4291 §2.5.5.2), or undefined. */
export function ipv4FromMapped(value: bigint): number | undefined {
  return value >> 32n === 0xffffn ? Number(value & MAX_V4) : undefined;
}

/** Formats an IPv4 address. */
export function formatIPv4(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

/** Formats an IPv6 address in the canonical text form of RFC 5952 §4 (lower case, longest zero run compressed). */
export function formatIPv6(value: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLength = 1; // a single zero group is not compressed (RFC 5952 §4.2.2)
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (gs: number[]) => gs.map((g) => g.toString(16)).join(":");
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}

/** Formats an address of either family given as a bigint. */
export function formatIp(family: IpFamily, value: bigint): string {
  return family === 4 ? formatIPv4(Number(value)) : formatIPv6(value);
}

/** The mask of the network bits for a prefix length. */
function networkMask(family: IpFamily, prefix: number): bigint {
  const bits = BigInt(familyBits(family));
  const max = familyMax(family);
  return prefix === 0 ? 0n : (max << (bits - BigInt(prefix))) & max;
}

/** Builds a network from an address and prefix length, clearing the host bits. */
export function makeCidr(family: IpFamily, address: bigint, prefix: number): Cidr {
  return { family, network: address & networkMask(family, prefix), prefix };
}

/** Parses `address[/prefix]`; the prefix defaults to the full length. Undefined when malformed. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf("/");
  const addressText = slash < 0 ? text : text.slice(0, slash);
  const ip = parseIp(addressText);
  if (ip === undefined) return undefined;
  const bits = familyBits(ip.family);
  let prefix = bits;
  if (slash >= 0) {
    const p = text.slice(slash + 1);
    if (!/^(0|[1-9]\d{0,2})$/.test(p)) return undefined;
    prefix = Number(p);
    if (prefix > bits) return undefined;
  }
  return makeCidr(ip.family, BigInt(ip.value), prefix);
}

/** The first and last address of a network. */
export function cidrRange(cidr: Cidr): [bigint, bigint] {
  const size = 1n << BigInt(familyBits(cidr.family) - cidr.prefix);
  return [cidr.network, cidr.network + size - 1n];
}

/** Does the network contain the address? Families must agree (an IPv4 address is never in an IPv6 network). */
export function cidrContains(cidr: Cidr, ip: ParsedIp): boolean {
  if (ip.family !== cidr.family) return false;
  return (BigInt(ip.value) & networkMask(cidr.family, cidr.prefix)) === cidr.network;
}

/** Formats a network as `address/prefix`. */
export function formatCidr(cidr: Cidr): string {
  return `${formatIp(cidr.family, cidr.network)}/${cidr.prefix}`;
}

/**
 * Fast IPv4 prefix match on 32-bit numbers (the hot path of SPF `ip4`, `a` and `mx`): true when the
 * first `prefix` bits of `a` and `b` agree.
 */
export function ipv4PrefixMatch(a: number, b: number, prefix: number): boolean {
  if (prefix <= 0) return true;
  const shift = 32 - Math.min(prefix, 32);
  return shift === 32 ? true : a >>> shift === b >>> shift;
}

/** IPv6 prefix match on bigints. */
export function ipv6PrefixMatch(a: bigint, b: bigint, prefix: number): boolean {
  if (prefix <= 0) return true;
  const shift = BigInt(128 - Math.min(prefix, 128));
  return a >> shift === b >> shift;
}
