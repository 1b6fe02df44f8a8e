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
 */
export function parseIPv4(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

/**
 * Parses an IPv6 address in any text form of RFC 4291 §2.2 (full, `::`-compressed, with an
 * embedded dotted IPv4 tail). Zone identifiers (`%eth0`) and prefix lengths are refused.
 */
export function parseIPv6(text: string): bigint | undefined {
  if (text.length < 2 || text.length > 45) return undefined;
  let head = text;
  let tailV4: number | undefined;
  const lastColon = text.lastIndexOf(":");
  if (lastColon >= 0 && text.indexOf(".", lastColon) > lastColon) {
    tailV4 = parseIPv4(text.slice(lastColon + 1));
    if (tailV4 === undefined) return undefined;
    // Keep the colon(s) before the IPv4 part: "::1.2.3.4" -> "::", "a:b::c:1.2.3.4" -> "a:b::c:".
    head = text.slice(0, lastColon + 1);
    if (!head.endsWith("::")) head = head.slice(0, -1);
  }
  const groupsWanted = tailV4 === undefined ? 8 : 6;
  const doubleAt = head.indexOf("::");
  if (doubleAt >= 0 && head.indexOf("::", doubleAt + 1) >= 0) return undefined;
  const parseGroups = (part: string): number[] | undefined => {
    if (part === "") return [];
    const groups: number[] = [];
    for (const g of part.split(":")) {
      if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return undefined;
      groups.push(parseInt(g, 16));
    }
    return groups;
  };
  let groups: number[];
  if (doubleAt >= 0) {
    const left = parseGroups(head.slice(0, doubleAt));
    const right = parseGroups(head.slice(doubleAt + 2));
    if (left === undefined || right === undefined) return undefined;
    const missing = groupsWanted - left.length - right.length;
    // "::" stands for one or more groups of zeros (RFC 4291 §2.2, form 2).
    if (missing < 1) return undefined;
    groups = [...left, ...new Array<number>(missing).fill(0), ...right];
  } else {
    const all = parseGroups(head);
    if (all === undefined || all.length !== groupsWanted) return undefined;
    groups = all;
  }
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(g);
  if (tailV4 !== undefined) value = (value << 32n) | BigInt(tailV4);
  return value;
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
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join(".");
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
