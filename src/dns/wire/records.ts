import type * as dnsPacket from "dns-packet";
import type { Answer } from "dns-packet";
import type { MxRecord } from "../types.ts";

/** Reads the character-strings of TXT-like RDATA (RFC 1035 §3.3.14). */
function characterStrings(data: Buffer): string[] {
  const out: string[] = [];
  let offset = 0;
  while (offset < data.length) {
    const len = data[offset] ?? 0;
    out.push(data.toString("utf8", offset + 1, Math.min(data.length, offset + 1 + len)));
    offset += 1 + len;
  }
  return out;
}

export function stripDot(name: string): string {
  return name.length > 1 && name.endsWith(".") ? name.slice(0, -1) : name;
}

function hex(data: unknown): string {
  return Buffer.isBuffer(data) ? data.toString("hex") : "";
}

function base64(data: unknown): string {
  return Buffer.isBuffer(data) ? data.toString("base64") : "";
}

/** A character-string in presentation format (RFC 1035 §5.1): quoted, `"` and `\` escaped. */
function quoted(text: string): string {
  return `"${text.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/**
 * Presentation format (RFC 1035 §5.1 and each type's RFC) of the types that are not modelled as
 * objects but that callers read: DNSKEY and DS (RFC 4034 §2.2, §5.3), TLSA (RFC 6698 §2.2), CAA
 * (RFC 8659 §4.1), SRV (RFC 2782). `undefined` for any other type.
 */
function presentation(type: string, data: unknown): string | undefined {
  if (data === null || typeof data !== "object" || Buffer.isBuffer(data)) return undefined;
  const d = data as Record<string, unknown>;
  switch (type) {
    case "DNSKEY":
      // dns-packet reads the protocol octet without keeping it; RFC 4034 §2.1.2 fixes it at 3.
      return `${Number(d.flags)} 3 ${Number(d.algorithm)} ${base64(d.key)}`;
    case "DS":
      return `${Number(d.keyTag)} ${Number(d.algorithm)} ${Number(d.digestType)} ${hex(d.digest)}`;
    case "TLSA":
      return `${Number(d.usage)} ${Number(d.selector)} ${Number(d.matchingType)} ${hex(d.certificate)}`;
    case "CAA":
      return `${Number(d.flags ?? 0)} ${String(d.tag)} ${quoted(String(d.value))}`;
    case "SRV":
      return `${Number(d.priority)} ${Number(d.weight)} ${Number(d.port)} ${String(d.target)}.`;
    default:
      return undefined;
  }
}

/** Converts one decoded RR's data to our record shape for `type`. */
export function convertRecord(type: string, rr: Answer): unknown {
  const data = (rr as { data?: unknown }).data;
  switch (type) {
    case "TXT":
      return (Array.isArray(data) ? data : [data]).map((d) => (Buffer.isBuffer(d) ? d.toString("utf8") : String(d)));
    case "SPF":
      return Buffer.isBuffer(data) ? characterStrings(data) : [String(data)];
    case "MX": {
      const mx = data as { preference?: number; exchange?: string };
      const exchange = stripDot(mx.exchange ?? "");
      return { preference: mx.preference ?? 0, exchange: exchange === "." ? "" : exchange } satisfies MxRecord;
    }
    case "A":
    case "AAAA":
      return String(data).toLowerCase();
    case "PTR":
    case "NS":
    case "CNAME":
      return stripDot(String(data));
    case "SOA": {
      const s = data as dnsPacket.SoaData;
      return `${s.mname}. ${s.rname}. ${s.serial} ${s.refresh} ${s.retry} ${s.expire} ${s.minimum}`;
    }
    default: {
      const text = presentation(type, data);
      if (text !== undefined) return text;
      // RFC 3597 §5 generic presentation for types we do not model.
      if (Buffer.isBuffer(data)) return `\\# ${data.length} ${data.toString("hex")}`;
      return JSON.stringify(data);
    }
  }
}
