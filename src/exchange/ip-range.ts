/**
 * The remote address ranges of receive connectors (`RemoteIPRanges`, and the addresses of
 * `InternalSMTPServers`): a single address, a range `a-b`, or CIDR `a/n`, in IPv4 or IPv6, as
 * Set-ReceiveConnector accepts them
 * (https://learn.microsoft.com/powershell/module/exchangepowershell/set-receiveconnector#-remoteipranges):
 * `192.168.1.1`, `fe80::39bd:88f7:6969:d223%11` (a zone index, ignored), `192.168.1.1-192.168.1.254`,
 * `192.168.1.1/24` (host bits allowed), `2001:0DB8::CD3/60`. Exchange's older mask form
 * `192.168.1.0(255.255.255.0)` is read too. Never throws: bad text is `{ ok: false, error }`.
 */
import { familyBits, familyMax, formatIp, type IpFamily, parseIp } from "../common/cidr.ts";
import { difference, emptySet, type IpSet, isEmpty, union } from "../common/ip-set.ts";

/** A parsed range, as plain data (addresses in their canonical text form). */
export interface IpRangeValue {
  family: IpFamily;
  /** The first and last address of the range. */
  first: string;
  last: string;
  /** How it was written. */
  form: "address" | "range" | "cidr" | "mask";
  /** The text as given (trimmed). */
  text: string;
}

export type IpRangeResult = { ok: true; range: IpRangeValue } | { ok: false; error: string };

/** Longest range text read (an IPv6 range with zone indexes fits well within it). */
const MAX_TEXT = 200;

interface Bounds {
  family: IpFamily;
  start: bigint;
  end: bigint;
  form: IpRangeValue["form"];
}

/** An address without a zone index (`fe80::1%11` → `fe80::1`). */
function address(text: string): { family: IpFamily; value: bigint } | undefined {
  const bare = text.trim().replace(/%[0-9A-Za-z_.-]{1,32}$/, "");
  const ip = parseIp(bare);
  return ip === undefined ? undefined : { family: ip.family, value: BigInt(ip.value) };
}

function prefixMask(family: IpFamily, prefix: number): bigint {
  const bits = familyBits(family);
  return prefix === 0 ? 0n : (familyMax(family) << BigInt(bits - prefix)) & familyMax(family);
}

function bounds(text: string): Bounds | string {
  if (text === "") return "an empty range";
  if (text.length > MAX_TEXT) return `longer than ${MAX_TEXT} characters`;
  const slash = text.indexOf("/");
  if (slash >= 0) {
    const ip = address(text.slice(0, slash));
    const p = text.slice(slash + 1).trim();
    if (ip === undefined) return "the address before / is not an IP address";
    if (!/^\d{1,3}$/.test(p) || Number(p) > familyBits(ip.family))
      return `the prefix length must be 0 to ${familyBits(ip.family)}`;
    const mask = prefixMask(ip.family, Number(p));
    const start = ip.value & mask;
    return { family: ip.family, start, end: start | (familyMax(ip.family) ^ mask), form: "cidr" };
  }
  const masked = /^([^()]+)\(([^()]+)\)$/.exec(text);
  if (masked) {
    const ip = address(masked[1] ?? "");
    const mask = address(masked[2] ?? "");
    if (ip === undefined || mask === undefined || ip.family !== 4 || mask.family !== 4)
      return "the address(mask) form needs an IPv4 address and an IPv4 mask";
    // A mask is contiguous ones then zeros: its complement plus one is a power of two.
    const hosts = familyMax(4) ^ mask.value;
    if ((hosts & (hosts + 1n)) !== 0n) return "the mask is not contiguous";
    const start = ip.value & mask.value;
    return { family: 4, start, end: start | hosts, form: "mask" };
  }
  const dash = text.indexOf("-");
  if (dash >= 0) {
    const a = address(text.slice(0, dash));
    const b = address(text.slice(dash + 1));
    if (a === undefined || b === undefined) return "a range is two IP addresses joined by -";
    if (a.family !== b.family) return "the two ends of the range are of different families";
    if (a.value > b.value) return "the range ends before it starts";
    return { family: a.family, start: a.value, end: b.value, form: "range" };
  }
  const ip = address(text);
  if (ip === undefined) return "not an IP address, a range a-b or a CIDR network";
  return { family: ip.family, start: ip.value, end: ip.value, form: "address" };
}

/** Parses one range as Exchange writes it. */
export function parseIpRange(input: string): IpRangeResult {
  if (typeof input !== "string") return { ok: false, error: "not text" };
  const text = input.trim();
  const b = bounds(text);
  if (typeof b === "string") return { ok: false, error: `${JSON.stringify(text.slice(0, 60))}: ${b}` };
  return {
    ok: true,
    range: {
      family: b.family,
      first: formatIp(b.family, b.start),
      last: formatIp(b.family, b.end),
      form: b.form,
      text,
    },
  };
}

/** The addresses of a list of ranges, per family, and the texts that are not ranges. */
export interface RangeSets {
  v4: IpSet;
  v6: IpSet;
  invalid: { text: string; error: string }[];
}

/**
 * The set of addresses a list of ranges covers. The single address `0.0.0.0` stands for every IPv4
 * address: Set-ReceiveConnector's documentation lists it as the range that every other range
 * overlaps, and Exchange's default connectors cover everything.
 */
export function rangeSets(texts: readonly string[]): RangeSets {
  let v4 = emptySet(4);
  let v6 = emptySet(6);
  const invalid: RangeSets["invalid"] = [];
  for (const raw of texts) {
    const text = typeof raw === "string" ? raw.trim() : "";
    const b = bounds(text);
    if (typeof b === "string") {
      invalid.push({ text, error: b });
      continue;
    }
    const whole = b.form === "address" && b.family === 4 && b.start === 0n;
    const range: IpSet = { family: b.family, ranges: [whole ? [0n, familyMax(4)] : [b.start, b.end]] };
    if (b.family === 4) v4 = union(v4, range);
    else v6 = union(v6, range);
  }
  return { v4, v6, invalid };
}

/** The number of addresses in a set (a bigint: IPv6 sets are large). */
export function setSize(set: IpSet): bigint {
  return set.ranges.reduce((n, [s, e]) => n + (e - s + 1n), 0n);
}

/** Whether a set holds every address of its family. */
export function isWholeFamily(set: IpSet): boolean {
  return isEmpty(difference({ family: set.family, ranges: [[0n, familyMax(set.family)]] }, set));
}
