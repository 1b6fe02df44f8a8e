/**
 * Certificates of `Get-ExchangeCertificate`: Export-Clixml keeps only the DER bytes (`RawData`)
 * and a culture-formatted `ToString`, so subject, issuer, dates and names are read from the
 * certificate itself with Node's X.509 parser (RFC 5280). ConvertTo-Json writes `RawData` as an
 * array of byte values; both forms are read.
 */
import { X509Certificate } from "node:crypto";
import { getProp, isPsObject, type PsObject, type PsValue } from "./ps-value.ts";
import type { ExchangeCertificate } from "./types-onprem.ts";

/** The DER bytes of `RawData` (base64 text or an array of byte values), or undefined. */
function rawBytes(value: PsValue | undefined): Uint8Array | undefined {
  if (typeof value === "string") {
    const compact = value.replace(/\s+/g, "");
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
    return Buffer.from(compact, "base64");
  }
  const list = Array.isArray(value) ? value : isPsObject(value) && Array.isArray(value.inner) ? value.inner : undefined;
  if (list === undefined || list.length === 0) return undefined;
  if (!list.every((b) => typeof b === "number" && Number.isInteger(b) && b >= 0 && b <= 255)) return undefined;
  return Uint8Array.from(list as number[]);
}

/**
 * A distinguished name as Windows shows it: most specific attribute first, comma-separated
 * (Node lists them one per line in certificate order).
 */
function windowsName(name: string): string {
  return name
    .split("\n")
    .filter((l) => l.length > 0)
    .reverse()
    .join(", ");
}

function dnsNames(cert: X509Certificate): string[] {
  const san = cert.subjectAltName;
  if (san !== undefined) {
    const names = san
      .split(/,\s*/)
      .filter((e) => e.startsWith("DNS:"))
      .map((e) => e.slice(4));
    if (names.length > 0) return names;
  }
  const cn = /^CN=(.*)$/m.exec(cert.subject)?.[1];
  return cn === undefined ? [] : [cn];
}

/**
 * The fields the certificate's DER gives, or an error message. Read fields replace what the export
 * says for the same properties; `Services`, `Status` and `FriendlyName` come only from the export.
 */
export function certificateFromRawData(
  obj: PsObject,
): { fields: Partial<ExchangeCertificate> } | { error: string } | undefined {
  const raw = getProp(obj, "RawData");
  if (raw === undefined || raw === null) return undefined;
  const bytes = rawBytes(raw);
  if (bytes === undefined) return { error: "RawData is neither base64 text nor a list of bytes" };
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(bytes);
  } catch (e) {
    return { error: `RawData is not a certificate (${(e as Error).message})` };
  }
  const fields: Partial<ExchangeCertificate> = {
    Thumbprint: cert.fingerprint.replace(/:/g, "").toUpperCase(),
    Subject: windowsName(cert.subject),
    Issuer: windowsName(cert.issuer),
    SerialNumber: cert.serialNumber.toUpperCase(),
    NotBefore: new Date(cert.validFrom).toISOString(),
    NotAfter: new Date(cert.validTo).toISOString(),
    CertificateDomains: dnsNames(cert),
    IsSelfSigned: cert.subject === cert.issuer && safeVerify(cert),
  };
  const size = cert.publicKey.asymmetricKeyDetails?.modulusLength;
  if (size !== undefined) fields.PublicKeySize = size;
  return { fields };
}

function safeVerify(cert: X509Certificate): boolean {
  try {
    return cert.verify(cert.publicKey);
  } catch {
    return false;
  }
}
