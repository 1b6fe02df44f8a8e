/**
 * Bounding the work of one message verification (hostile input: a 20 MB message with 40,000
 * DKIM-Signature fields must cost no more than a few): the first `max` signatures are verified;
 * every other DKIM-Signature field is counted and read, but cut from the message the verifier
 * sees, except the fields a verified signature signed (RFC 6376 §5.4.2: a signature that lists
 * `dkim-signature` k times in h= signs the k bottom-most DKIM-Signature fields), which are kept in
 * place so that what it signed is unchanged.
 */
import { type HeaderScan, readSignatureField, type SignatureField } from "./message-header.ts";

/** Most DKIM-Signature fields one verified signature may sign and still be verified (bounded work). */
export const MAX_SIGNED_SIGNATURE_FIELDS = 50;

/** A signature of the message; `unverified` says why it is not verified (beyond the limit...). */
export type BoundedSignature = SignatureField & { unverified?: string };

/** The message as the verifier sees it, and every signature with whether it is verified. */
export interface BoundedMessage {
  /** Every DKIM-Signature field, top first. */
  signatures: BoundedSignature[];
  /** The signatures to verify (the first `max`, less any that sign too many DKIM-Signature fields). */
  verified: SignatureField[];
  /** The bytes given to the verifier: the message without the excess signatures it need not see. */
  input: Buffer;
}

/** How many times a signature signs DKIM-Signature fields (instances of `dkim-signature` in h=). */
function signedSignatureFields(signature: SignatureField): number {
  let n = 0;
  for (const name of signature.signedHeaders) if (name === "dkim-signature") n++;
  return n;
}

/** Reads every signature, keeps the first `max` for verification and cuts what the verifier need not see. */
export function boundSignatures(bytes: Buffer, text: string, scan: HeaderScan, max: number): BoundedMessage {
  const total = scan.signatureStarts.length;
  const signatures: BoundedSignature[] = [];
  for (let i = 0; i < total; i++) {
    const field = { start: scan.signatureStarts[i] ?? 0, end: scan.signatureEnds[i] ?? 0 };
    const signature: BoundedSignature = readSignatureField(text, field);
    if (i >= max) signature.unverified = "not verified: beyond the limit on signatures per message";
    signatures.push(signature);
  }
  let keepBottom = 0;
  for (const signature of signatures.slice(0, max)) {
    const signed = signedSignatureFields(signature);
    if (signed > MAX_SIGNED_SIGNATURE_FIELDS) {
      signature.unverified = `not verified: it signs ${signed} DKIM-Signature fields, more than ${MAX_SIGNED_SIGNATURE_FIELDS}`;
    } else keepBottom = Math.max(keepBottom, signed);
  }
  const verified = signatures.filter((s) => s.unverified === undefined);
  if (total <= max) return { signatures, verified, input: bytes };
  // Cut the excess fields between the verified ones (top) and the bottom-most `keepBottom`.
  const cutFrom = max;
  const cutTo = Math.max(cutFrom, total - keepBottom);
  const parts: Buffer[] = [];
  let pos = 0;
  for (let i = cutFrom; i < cutTo; i++) {
    const start = scan.signatureStarts[i] ?? pos;
    parts.push(bytes.subarray(pos, start));
    pos = scan.signatureEnds[i] ?? start;
  }
  parts.push(bytes.subarray(pos));
  return { signatures, verified, input: Buffer.concat(parts) };
}
