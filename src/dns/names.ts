import { isIP } from "node:net";

/** Lower-cases a domain name and removes one trailing dot (owner names compare case-insensitively, RFC 4343). */
export function normalizeName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith(".") && lower.length > 1 ? lower.slice(0, -1) : lower;
}

/**
 * Why a name cannot be asked in DNS, or `undefined` when it can: RFC 1035 §2.3.4 (labels of at most
 * 63 octets, a name of at most 255 octets on the wire, i.e. 253 characters in text form) and no
 * empty label (RFC 1035 §3.1).
 */
export function nameProblem(name: string): string | undefined {
  const n = normalizeName(name);
  if (n === "" || n === ".") return "empty name";
  if (Buffer.byteLength(n, "utf8") > 253) return `name longer than 253 octets (RFC 1035 §2.3.4)`;
  const labels = n.split(".");
  for (const label of labels) {
    if (label.length === 0) return "empty label (RFC 1035 §3.1)";
    if (Buffer.byteLength(label, "utf8") > 63)
      return `label longer than 63 octets (RFC 1035 §2.3.4): ${label.slice(0, 20)}...`;
  }
  return undefined;
}

/** Expands an IPv6 address to its 32 hexadecimal nibbles (no separators). */
export function ipv6Nibbles(ip: string): string {
  let text = ip.toLowerCase();
  // An embedded IPv4 tail (::ffff:192.0.2.1) becomes two hextets.
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = text.slice(0, v4.index) + ((a << 8) | b).toString(16) + ":" + ((c << 8) | d).toString(16);
  }
  const [head = "", tail] = text.split("::");
  const headParts = head === "" ? [] : head.split(":");
  const tailParts = tail === undefined || tail === "" ? [] : tail.split(":");
  const missing = 8 - headParts.length - tailParts.length;
  const parts = tail === undefined ? headParts : [...headParts, ...Array<string>(missing).fill("0"), ...tailParts];
  return parts.map((p) => p.padStart(4, "0")).join("");
}

/** The reverse-lookup name of an IP address (RFC 1035 §3.5, RFC 3596 §2.5), or undefined if it is not an IP. */
export function reverseName(ip: string): string | undefined {
  const family = isIP(ip);
  if (family === 4) return ip.split(".").reverse().join(".") + ".in-addr.arpa";
  if (family === 6) return ipv6Nibbles(ip).split("").reverse().join(".") + ".ip6.arpa";
  return undefined;
}
