/**
 * TLSA records (RFC 6698 §2) as DANE for SMTP reads them (RFC 7672 §3.1): certificate usage,
 * selector, matching type and association data. Accepts the presentation format (`3 1 1 ab12...`,
 * with the RFC 7218 acronyms too), the RFC 3597 generic form (`\# 35 030101ab...`) and the JSON
 * that the wire driver currently produces for types it does not model.
 */
import { createPublicKey, X509Certificate } from "node:crypto";
import { diagnostic, rfc, shown } from "./diagnostic.ts";
import type { TransportDiagnostic } from "./types.ts";

/** One TLSA record. */
export interface TlsaRecord {
  /** 0 PKIX-TA, 1 PKIX-EE, 2 DANE-TA, 3 DANE-EE (RFC 7218 §2.1). */
  usage: number;
  /** 0 Cert, 1 SPKI (RFC 7218 §2.2). */
  selector: number;
  /** 0 Full, 1 SHA2-256, 2 SHA2-512 (RFC 7218 §2.3). */
  matchingType: number;
  /** The certificate association data, lower-case hex. */
  data: string;
}

/** What {@link parseTlsaRecord} returns. */
export interface TlsaParse {
  /** The text as given. */
  text: string;
  record?: TlsaRecord;
  /** Whether an SMTP client can use it (RFC 7672 §3.1: usage 2 or 3, a known selector and matching type, well-formed data). */
  usable: boolean;
  diagnostics: TransportDiagnostic[];
}

const USAGES: Record<string, number> = { "PKIX-TA": 0, "PKIX-EE": 1, "DANE-TA": 2, "DANE-EE": 3, PRIVCERT: 255 };
const SELECTORS: Record<string, number> = { CERT: 0, SPKI: 1, PRIVSEL: 255 };
const MATCHING: Record<string, number> = { FULL: 0, "SHA2-256": 1, "SHA2-512": 2, PRIVMATCH: 255 };
/** The longest association data we read (a full certificate is a few KB). */
const MAX_DATA_HEX = 32_768;

function field(token: string | undefined, names: Record<string, number>): number | undefined {
  if (token === undefined) return undefined;
  if (/^[0-9]{1,3}$/.test(token)) {
    const n = Number(token);
    return n <= 255 ? n : undefined;
  }
  return names[token.toUpperCase()];
}

function fromJson(text: string): TlsaRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as { usage?: unknown; selector?: unknown; matchingType?: unknown; certificate?: unknown };
  const cert = v.certificate as { type?: unknown; data?: unknown } | undefined;
  if (typeof v.usage !== "number" || typeof v.selector !== "number" || typeof v.matchingType !== "number")
    return undefined;
  if (cert?.type !== "Buffer" || !Array.isArray(cert.data)) return undefined;
  const bytes = cert.data.filter((b): b is number => typeof b === "number" && b >= 0 && b <= 255);
  return {
    usage: v.usage,
    selector: v.selector,
    matchingType: v.matchingType,
    data: Buffer.from(bytes).toString("hex"),
  };
}

function syntax(text: string): TlsaRecord | string {
  const t = text.trim();
  if (t.startsWith("{")) return fromJson(t) ?? "not a TLSA record";
  if (t.startsWith("\\#")) {
    // RFC 3597 §5: \# <length> <hex>
    const m = /^\\#\s+([0-9]+)\s*([0-9A-Fa-f\s]*)$/.exec(t);
    if (!m) return "malformed RFC 3597 generic data";
    const hex = (m[2] ?? "").replace(/\s+/g, "");
    if (hex.length % 2 !== 0 || hex.length / 2 !== Number(m[1])) return "RFC 3597 length does not match the data";
    if (hex.length < 6) return "shorter than the 3 octets of usage, selector and matching type";
    const bytes = Buffer.from(hex, "hex");
    return {
      usage: bytes[0] ?? 0,
      selector: bytes[1] ?? 0,
      matchingType: bytes[2] ?? 0,
      data: bytes.subarray(3).toString("hex"),
    };
  }
  const tokens = t
    .replace(/[()]/g, " ")
    .split(/\s+/)
    .filter((x) => x !== "");
  const usage = field(tokens[0], USAGES);
  const selector = field(tokens[1], SELECTORS);
  const matchingType = field(tokens[2], MATCHING);
  if (usage === undefined || selector === undefined || matchingType === undefined)
    return "expected three fields (usage, selector, matching type) of 0 to 255, then hex data";
  const hex = tokens.slice(3).join("");
  if (hex.length === 0) return "no certificate association data";
  if (hex.length > MAX_DATA_HEX) return `association data longer than ${MAX_DATA_HEX / 2} octets`;
  if (!/^[0-9A-Fa-f]+$/.test(hex) || hex.length % 2 !== 0)
    return "the association data is not an even number of hex digits";
  return { usage, selector, matchingType, data: hex.toLowerCase() };
}

/** Whether `der` is a DER certificate (selector 0) or SubjectPublicKeyInfo (selector 1). */
function wellFormed(der: Buffer, selector: number): boolean {
  try {
    if (selector === 0) new X509Certificate(der);
    else createPublicKey({ key: der, format: "der", type: "spki" });
    return true;
  } catch {
    return false;
  }
}

/** Parses one TLSA record and says whether an SMTP client can use it. Never throws. */
export function parseTlsaRecord(text: string): TlsaParse {
  const diagnostics: TransportDiagnostic[] = [];
  const input = typeof text === "string" ? text : "";
  const parsed = syntax(input);
  if (typeof parsed === "string") {
    diagnostics.push(diagnostic("dane-tlsa-syntax", "error", `${shown(input)}: ${parsed}`, [rfc(6698, "2.2")]));
    return { text: input, usable: false, diagnostics };
  }
  const r = parsed;
  const place = { field: `${r.usage} ${r.selector} ${r.matchingType}` };
  if (r.usage === 0 || r.usage === 1) {
    diagnostics.push(
      diagnostic(
        "dane-tlsa-usage-pkix",
        "error",
        `usage ${r.usage} (${r.usage === 0 ? "PKIX-TA" : "PKIX-EE"}) is not for SMTP: senders treat the record as unusable; publish 3 (DANE-EE) or 2 (DANE-TA)`,
        [rfc(7672, "3.1.3")],
        place,
      ),
    );
  } else if (r.usage > 3) {
    diagnostics.push(
      diagnostic(
        "dane-tlsa-usage-unknown",
        "error",
        `usage ${r.usage} is not defined: senders treat the record as unusable`,
        [rfc(6698, "2.1.1"), rfc(7672, "3.1")],
        place,
      ),
    );
  }
  if (r.selector > 1)
    diagnostics.push(
      diagnostic(
        "dane-tlsa-selector-unknown",
        "error",
        `selector ${r.selector} is not defined (0 Cert, 1 SPKI): the record is unusable`,
        [rfc(6698, "2.1.2")],
        place,
      ),
    );
  if (r.matchingType > 2)
    diagnostics.push(
      diagnostic(
        "dane-tlsa-matching-type-unknown",
        "error",
        `matching type ${r.matchingType} is not defined (0 Full, 1 SHA2-256, 2 SHA2-512): the record is unusable`,
        [rfc(6698, "2.1.3")],
        place,
      ),
    );
  const octets = r.data.length / 2;
  if (r.matchingType === 1 && octets !== 32)
    diagnostics.push(
      diagnostic(
        "dane-tlsa-digest-length",
        "error",
        `a SHA2-256 digest is 32 octets, this one has ${octets}: it can never match`,
        [rfc(6698, "2.1.3")],
        place,
      ),
    );
  if (r.matchingType === 2 && octets !== 64)
    diagnostics.push(
      diagnostic(
        "dane-tlsa-digest-length",
        "error",
        `a SHA2-512 digest is 64 octets, this one has ${octets}: it can never match`,
        [rfc(6698, "2.1.3")],
        place,
      ),
    );
  if (r.matchingType === 0 && r.selector <= 1 && !wellFormed(Buffer.from(r.data, "hex"), r.selector))
    diagnostics.push(
      diagnostic(
        "dane-tlsa-full-data",
        "error",
        `the full ${r.selector === 0 ? "certificate" : "public key"} is not well-formed DER: it can never match`,
        [rfc(6698, "2.1.3")],
        place,
      ),
    );
  const usable = diagnostics.length === 0;
  if (usable && r.matchingType === 0)
    diagnostics.push(
      diagnostic(
        "dane-tlsa-full",
        "info",
        "matching type 0 (Full) works, but a SHA2-256 digest (matching type 1) is shorter and the usual choice",
        [rfc(7672, "3.1")],
        place,
      ),
    );
  return { text: input, record: r, usable, diagnostics };
}
