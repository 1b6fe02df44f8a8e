/**
 * Certificates of a TLS session as plain data: DER and PEM (for DANE TLSA matching, RFC 6698 §2.1)
 * and the fields node:crypto's X509Certificate reads (RFC 5280 §4.1).
 */

import { X509Certificate } from "node:crypto";
import type { DetailedPeerCertificate, TLSSocket } from "node:tls";
import type { CertificateInfo } from "./types.ts";

const CURVE_BITS: Record<string, number> = {
  prime256v1: 256,
  secp256r1: 256,
  secp384r1: 384,
  secp521r1: 521,
  secp256k1: 256,
};

const KEY_BITS: Record<string, number> = { ed25519: 256, ed448: 456, x25519: 256, x448: 448 };

/**
 * Splits node's `subjectAltName` text (`DNS:a, IP Address:1.2.3.4`) into entries. Since the fix of
 * CVE-2021-44532 node writes a value holding a separator as a JSON string (`DNS:"a, b"`).
 */
export function splitAltNames(text: string): { type: string; value: string }[] {
  const entries: { type: string; value: string }[] = [];
  let rest = text;
  for (let guard = 0; rest.length > 0 && guard < 1000; guard++) {
    const colon = rest.indexOf(":");
    if (colon === -1) break;
    const type = rest.slice(0, colon).trim();
    rest = rest.slice(colon + 1);
    let value: string;
    const quoted = rest.startsWith('"') ? /^"(?:[^"\\]|\\.)*"/.exec(rest) : null;
    if (quoted !== null) {
      try {
        value = String(JSON.parse(quoted[0]));
      } catch {
        value = quoted[0];
      }
      rest = rest.slice(quoted[0].length);
      const comma = rest.indexOf(", ");
      rest = comma === -1 ? "" : rest.slice(comma + 2);
    } else {
      const comma = rest.indexOf(", ");
      value = comma === -1 ? rest : rest.slice(0, comma);
      rest = comma === -1 ? "" : rest.slice(comma + 2);
    }
    entries.push({ type, value });
  }
  return entries;
}

function commonName(subject: string): string | null {
  const names = subject
    .split("\n")
    .filter((line) => line.startsWith("CN="))
    .map((line) => line.slice(3));
  return names.at(-1) ?? null;
}

function keyDetails(cert: X509Certificate): { keyType: string; keyBits: number | null } {
  try {
    const key = cert.publicKey;
    const type = key.asymmetricKeyType ?? "unknown";
    const details = key.asymmetricKeyDetails;
    const bits =
      details?.modulusLength ??
      (details?.namedCurve !== undefined ? CURVE_BITS[details.namedCurve] : undefined) ??
      KEY_BITS[type] ??
      null;
    return { keyType: type, keyBits: bits };
  } catch {
    return { keyType: "unknown", keyBits: null };
  }
}

function isSelfSigned(cert: X509Certificate): boolean {
  try {
    return cert.checkIssued(cert) && cert.verify(cert.publicKey);
  } catch {
    return false;
  }
}

function isoDate(date: Date): string {
  return Number.isNaN(date.getTime()) ? "" : date.toISOString();
}

/** Describes one DER certificate; null when node cannot parse it. */
export function describeCertificate(der: Buffer): CertificateInfo | null {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(der);
  } catch {
    return null;
  }
  const altNames = splitAltNames(cert.subjectAltName ?? "");
  return {
    der: der.toString("base64"),
    pem: cert.toString(),
    subject: cert.subject.split("\n").join(", "),
    commonName: commonName(cert.subject),
    dnsNames: altNames.filter((n) => n.type === "DNS").map((n) => n.value.toLowerCase()),
    ipAddresses: altNames.filter((n) => n.type === "IP Address").map((n) => n.value),
    issuer: cert.issuer.split("\n").join(", "),
    validFrom: isoDate(cert.validFromDate),
    validTo: isoDate(cert.validToDate),
    serialNumber: cert.serialNumber,
    fingerprint256: cert.fingerprint256,
    selfSigned: isSelfSigned(cert),
    ca: cert.ca,
    ...keyDetails(cert),
  };
}

/**
 * The peer's chain, leaf first, as node's `getPeerCertificate(true)` links it (the certificates the
 * server sent, completed from the CA set), deduplicated and at most `max` long.
 */
export function peerChain(socket: TLSSocket, max: number): CertificateInfo[] {
  let current: DetailedPeerCertificate | undefined;
  try {
    current = socket.getPeerCertificate(true);
  } catch {
    return [];
  }
  const chain: CertificateInfo[] = [];
  const seen = new Set<string>();
  while (current?.raw !== undefined && chain.length < max) {
    const info = describeCertificate(current.raw);
    if (info === null || seen.has(info.fingerprint256)) break;
    seen.add(info.fingerprint256);
    chain.push(info);
    current = current.issuerCertificate;
  }
  return chain;
}
