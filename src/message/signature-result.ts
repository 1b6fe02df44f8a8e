/**
 * Turns mailauth's per-signature status into our result (RFC 8601 §2.7.1 names, RFC 6376 §6.1
 * reasons). mailauth's lenient mode reports several PERMFAIL cases as `neutral`; we name them as
 * RFC 8601 does: a body hash mismatch is `fail`, a missing or unusable key is `permerror`.
 */
import type { DkimKeyLookup, DkimResult } from "../dkim/types.ts";

/** The part of a mailauth DKIM result this module reads. */
export interface MailauthStatus {
  result?: string;
  comment?: string | false;
  policy?: Record<string, string>;
  testing?: boolean;
  warnings?: string[];
}

/** mailauth comments that mean the key could not be used (RFC 6376 §6.1.2: PERMFAIL). */
const KEY_COMMENTS: ReadonlySet<string> = new Set([
  "no key",
  "unknown key version",
  "unknown key type",
  "invalid public key",
  "inappropriate hash algorithm",
  "key not for email",
]);

/** Reasons for mailauth's policy results (RFC 8301). */
const POLICY_REASONS: Readonly<Record<string, string>> = {
  "weak-key": "RSA key under the minimum size; RFC 8301 §3.2 forbids accepting keys under 1024 bits",
  "weak-algorithm": "rsa-sha1 signature; RFC 8301 §3.1 forbids verifying rsa-sha1",
};

/** The first error a key lookup reported, as the reason for a key failure. */
function keyReason(lookup: DkimKeyLookup | null): string | undefined {
  if (lookup === null || lookup.usable) return undefined;
  return lookup.diagnostics.find((d) => d.severity === "error")?.message;
}

/** Maps a mailauth status (and our own key lookup, for a better reason) to a result and reason. */
export function mapSignatureStatus(
  status: MailauthStatus,
  lookup: DkimKeyLookup | null,
): { result: DkimResult; reason: string } {
  const comment = typeof status.comment === "string" ? status.comment : "";
  switch (status.result) {
    case "pass":
      return {
        result: "pass",
        reason: status.testing === true ? "signature verified (key in testing mode, t=y)" : "signature verified",
      };
    case "fail":
      return { result: "fail", reason: comment || "signature did not verify" };
    case "policy": {
      const rule = Object.values(status.policy ?? {})[0] ?? "";
      return { result: "policy", reason: POLICY_REASONS[rule] ?? (comment || `not acceptable: ${rule}`) };
    }
    case "temperror":
      return { result: "temperror", reason: keyReason(lookup) ?? (comment || "key lookup failed") };
    case "permerror":
      return { result: "permerror", reason: keyReason(lookup) ?? (comment || "permanent error") };
    case "neutral":
      // RFC 6376 §6.1.3: a body hash mismatch is PERMFAIL (body hash did not verify): "fail" in RFC 8601.
      if (comment === "body hash did not verify")
        return { result: "fail", reason: "body hash did not verify (the body was changed)" };
      if (KEY_COMMENTS.has(comment)) return { result: "permerror", reason: keyReason(lookup) ?? comment };
      return { result: "neutral", reason: comment || "signature could not be processed" };
    default:
      return { result: "neutral", reason: comment || `unexpected verifier result ${String(status.result)}` };
  }
}

/**
 * The result when the key reader refused the signature's key (status other than `ok`): the
 * verifier never saw the record, so it reported a DNS failure, and the key's own outcome applies
 * (RFC 6376 §6.1.2: PERMFAIL for a missing, revoked or malformed key, TEMPFAIL when the lookup
 * failed). Undefined when the key was accepted, or when the verifier decided before it needed the
 * key (a signature syntax error, a changed body, rsa-sha1: it reports those without a key).
 */
export function keyVerdict(
  status: MailauthStatus,
  lookup: DkimKeyLookup | null,
): { result: DkimResult; reason: string } | undefined {
  if (lookup === null || lookup.status === "ok" || status.result !== "temperror") return undefined;
  const reason = keyReason(lookup) ?? `the key record is ${lookup.status}`;
  return { result: lookup.failure === "temperror" ? "temperror" : "permerror", reason };
}

/** Why mailauth's lenient mode skipped a signature without reporting it (RFC 6376 §6.1.1). */
export function skippedReason(algorithm: string, canonicalization: string, domain: string, selector: string): string {
  const algorithms = ["rsa-sha256", "rsa-sha1", "ed25519-sha256"];
  if (!algorithms.includes(algorithm.toLowerCase())) return `unknown signing algorithm a=${algorithm || "(none)"}`;
  const [header = "", body = "simple"] = canonicalization.toLowerCase().split("/");
  if (!["simple", "relaxed"].includes(header) || !["simple", "relaxed"].includes(body)) {
    return `unknown canonicalization c=${canonicalization}`;
  }
  if (domain === "" || selector === "") return "signature lacks d= or s=";
  return "signature could not be processed";
}
