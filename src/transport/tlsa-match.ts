/**
 * Whether a presented certificate chain matches TLSA records, as an SMTP client does it (RFC 7672
 * §3.1): DANE-EE(3) records match the server's own certificate (no name or expiry check, §3.1.1);
 * DANE-TA(2) records match a trust anchor in the chain, which must then issue the chain down to the
 * server certificate, and the server certificate must carry the host name (§3.1.2, §3.2.2).
 * PKIX-TA(0) and PKIX-EE(1) records are unusable for SMTP (§3.1.3) and match nothing.
 */
import { createHash, X509Certificate } from "node:crypto";
import { diagnostic, rfc } from "./diagnostic.ts";
import { parseTlsaRecord, type TlsaRecord } from "./tlsa-record.ts";
import type { TransportDiagnostic } from "./types.ts";

/** One certificate of a chain: DER bytes, or PEM text (one or several certificates). */
export type CertificateInput = Uint8Array | string;

/** Options of {@link matchTlsa}. */
export interface MatchTlsaOptions {
  /** Names the server certificate must carry for DANE-TA matches (the MX host name, RFC 7672 §3.2.2). */
  hostnames?: readonly string[];
}

/** One record that matched one certificate. */
export interface TlsaMatch {
  /** Index of the record in the input. */
  record: number;
  usage: number;
  /** Index of the certificate in the chain (0 = the server's). */
  certificate: number;
  /** DANE-TA only: the chain from the server certificate up to the anchor is properly issued and signed. */
  chainVerified?: boolean;
  /** DANE-TA only, when host names were given: the server certificate carries one of them. */
  nameMatched?: boolean;
}

/** What {@link matchTlsa} returns. */
export interface TlsaMatchResult {
  /** A usable record matched (for DANE-TA: with a verified chain, and the name when names were given). */
  matched: boolean;
  /** The usable records (usage 2 or 3, known selector and matching type). */
  usableRecords: number;
  matches: TlsaMatch[];
  /** The chain as read. */
  certificates: Array<{ index: number; subject: string; issuer: string; fingerprint256: string }>;
  diagnostics: TransportDiagnostic[];
}

const MAX_CHAIN = 10;
const MAX_RECORDS = 50;
const PEM_RE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

function readChain(
  chain: CertificateInput | readonly CertificateInput[],
  diagnostics: TransportDiagnostic[],
): X509Certificate[] {
  const inputs = Array.isArray(chain) ? chain : [chain as CertificateInput];
  const parts: Array<Uint8Array | string> = [];
  for (const input of inputs) {
    if (typeof input === "string") {
      const pems = input.match(PEM_RE);
      if (pems) parts.push(...pems);
      else parts.push(input);
    } else if (input instanceof Uint8Array) parts.push(input);
  }
  const certs: X509Certificate[] = [];
  for (const part of parts.slice(0, MAX_CHAIN)) {
    try {
      certs.push(new X509Certificate(typeof part === "string" ? part : Buffer.from(part)));
    } catch (error) {
      diagnostics.push(
        diagnostic(
          "dane-chain-unreadable",
          "error",
          `certificate ${certs.length} of the chain cannot be read: ${error instanceof Error ? error.message : String(error)}`,
          [rfc(5280, "4")],
        ),
      );
      break;
    }
  }
  return certs;
}

function selected(cert: X509Certificate, selector: number): Buffer {
  if (selector === 0) return cert.raw;
  return cert.publicKey.export({ type: "spki", format: "der" });
}

function associationData(cert: X509Certificate, record: TlsaRecord): string | undefined {
  const bytes = selected(cert, record.selector);
  if (record.matchingType === 0) return bytes.toString("hex");
  if (record.matchingType === 1) return createHash("sha256").update(bytes).digest("hex");
  if (record.matchingType === 2) return createHash("sha512").update(bytes).digest("hex");
  return undefined;
}

/** Whether chain[0..top] is issued and signed link by link. */
function chainUpTo(certs: X509Certificate[], top: number): boolean {
  for (let k = 0; k < top; k++) {
    const child = certs[k];
    const parent = certs[k + 1];
    if (!child || !parent) return false;
    try {
      if (!child.checkIssued(parent) || !child.verify(parent.publicKey)) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * Matches a presented chain (server certificate first) against TLSA records (parsed, or as
 * presentation text). Never throws; unreadable certificates and records are diagnostics.
 */
export function matchTlsa(
  records: ReadonlyArray<TlsaRecord | string>,
  chain: CertificateInput | readonly CertificateInput[],
  options: MatchTlsaOptions = {},
): TlsaMatchResult {
  const diagnostics: TransportDiagnostic[] = [];
  const certs = readChain(chain, diagnostics);
  const parsed = records
    .slice(0, MAX_RECORDS)
    .map((r) =>
      typeof r === "string"
        ? parseTlsaRecord(r)
        : parseTlsaRecord(`${r.usage} ${r.selector} ${r.matchingType} ${r.data}`),
    );
  const matches: TlsaMatch[] = [];
  let usableRecords = 0;
  parsed.forEach((p, index) => {
    if (!p.usable || !p.record || (p.record.usage !== 2 && p.record.usage !== 3)) return;
    usableRecords++;
    const r = p.record;
    const candidates = r.usage === 3 ? [0] : certs.map((_, i) => i).filter((i) => i >= 1);
    for (const i of candidates) {
      const cert = certs[i];
      if (!cert) continue;
      let data: string | undefined;
      try {
        data = associationData(cert, r);
      } catch {
        data = undefined;
      }
      if (data !== r.data) continue;
      const m: TlsaMatch = { record: index, usage: r.usage, certificate: i };
      if (r.usage === 2) {
        m.chainVerified = chainUpTo(certs, i);
        const leaf = certs[0];
        if (options.hostnames && options.hostnames.length > 0 && leaf)
          m.nameMatched = options.hostnames.some(
            (h) => leaf.checkHost(h, { wildcards: true, singleLabelSubdomains: false }) !== undefined,
          );
      }
      matches.push(m);
    }
  });
  if (certs.length === 0 && diagnostics.length === 0)
    diagnostics.push(diagnostic("dane-chain-empty", "error", "no certificate was presented", [rfc(7672, "3.1")]));
  if (usableRecords === 0)
    diagnostics.push(
      diagnostic(
        "dane-tlsa-none-usable",
        "error",
        "no usable TLSA record (usage 2 or 3 with a known selector and matching type)",
        [rfc(7672, "3.1")],
      ),
    );
  const matched = matches.some((m) => m.usage === 3 || (m.chainVerified === true && m.nameMatched !== false));
  if (usableRecords > 0 && certs.length > 0 && !matched)
    diagnostics.push(
      diagnostic(
        "dane-tlsa-no-match",
        "error",
        "the presented certificate chain matches none of the usable TLSA records (stale records after a certificate renewal?)",
        [rfc(7672, "3.1")],
      ),
    );
  const certificates = certs.map((c, index) => ({
    index,
    subject: c.subject.replace(/\n/g, ", "),
    issuer: c.issuer.replace(/\n/g, ", "),
    fingerprint256: c.fingerprint256,
  }));
  return { matched, usableRecords, matches, certificates, diagnostics };
}
