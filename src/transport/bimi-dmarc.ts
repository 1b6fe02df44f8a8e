/**
 * The DMARC policy BIMI requires (BIMI draft §3.2 and §7.1): DMARC at enforcement, `p=quarantine`
 * or `p=reject` with `pct=100`, on the Organizational Domain, whose `sp` must not be `none`.
 * Takes the DMARC result as data (this module does not import src/dmarc): either a DMARC discovery
 * result (the shape of `discoverDmarc`'s, matched structurally) or the policy values alone.
 */
import { diagnostic, doc } from "./diagnostic.ts";
import type { TransportDiagnostic } from "./types.ts";

/** The policy values, when the caller has them at hand. */
export interface DmarcPolicyValues {
  p: string;
  sp?: string;
  pct?: number;
  /** The domain whose record these come from. */
  policyDomain?: string;
}

/** The parts of a DMARC discovery result (`discoverDmarc` in src/dmarc) that BIMI needs. */
export interface DmarcDiscoveryLike {
  /** `found`, `invalid`, `none` or `temperror`. */
  status: string;
  policyDomain?: string;
  record?: { record?: { p?: string; sp?: string; pct?: number } };
  orgDomain?: { orgDomain?: string };
}

/** Either form of DMARC input. */
export type BimiDmarcInput = DmarcPolicyValues | DmarcDiscoveryLike;

/** Whether the DMARC policy allows BIMI. */
export interface BimiDmarcResult {
  /**
   * - `ok`: enforcement as BIMI requires;
   * - `insufficient`: a DMARC record whose policy is too weak (see `reasons`);
   * - `missing`: no usable DMARC record;
   * - `unknown`: DMARC discovery failed (DNS), or no DMARC input was given.
   */
  status: "ok" | "insufficient" | "missing" | "unknown";
  reasons: string[];
  p?: string;
  sp?: string;
  pct?: number;
  policyDomain?: string;
  diagnostics: TransportDiagnostic[];
}

const REF = doc("draft-brand-indicators-for-message-identification", "7.1");

function values(input: BimiDmarcInput): { status: string; v?: DmarcPolicyValues } {
  if ("status" in input) {
    const r = input.record?.record;
    if (input.status !== "found" || !r || typeof r.p !== "string") return { status: input.status };
    const v: DmarcPolicyValues = { p: r.p };
    if (typeof r.sp === "string") v.sp = r.sp;
    if (typeof r.pct === "number") v.pct = r.pct;
    if (input.policyDomain !== undefined) v.policyDomain = input.policyDomain;
    return { status: "found", v };
  }
  return { status: "found", v: input };
}

/** Judges whether a DMARC policy meets BIMI's requirement. Never throws. */
export function bimiDmarcRequirement(input: BimiDmarcInput | undefined): BimiDmarcResult {
  if (input === undefined || input === null || typeof input !== "object")
    return { status: "unknown", reasons: ["no DMARC result was given"], diagnostics: [] };
  const { status, v } = values(input);
  if (status === "temperror") {
    return {
      status: "unknown",
      reasons: ["DMARC discovery failed (DNS): the requirement could not be checked"],
      diagnostics: [
        diagnostic(
          "bimi-dmarc-unknown",
          "warning",
          "DMARC discovery failed, so BIMI's DMARC requirement could not be checked",
          [REF],
        ),
      ],
    };
  }
  if (!v) {
    return {
      status: "missing",
      reasons: ["no usable DMARC record"],
      diagnostics: [
        diagnostic(
          "bimi-dmarc-missing",
          "error",
          "BIMI requires a DMARC record at enforcement; there is no usable DMARC record",
          [REF],
        ),
      ],
    };
  }
  const reasons: string[] = [];
  const p = v.p.toLowerCase();
  if (p !== "quarantine" && p !== "reject") reasons.push(`p=${v.p}: BIMI requires p=quarantine or p=reject`);
  const pct = v.pct ?? 100;
  if (pct !== 100) reasons.push(`pct=${pct}: BIMI requires the policy to apply to all mail (pct=100)`);
  if (v.sp !== undefined && v.sp.toLowerCase() === "none")
    reasons.push("sp=none: a subdomain policy of none disables BIMI");
  const result: BimiDmarcResult = {
    status: reasons.length === 0 ? "ok" : "insufficient",
    reasons,
    p: v.p,
    pct,
    diagnostics: reasons.map((r) => diagnostic("bimi-dmarc-insufficient", "error", r, [REF])),
  };
  if (v.sp !== undefined) result.sp = v.sp;
  if (v.policyDomain !== undefined) result.policyDomain = v.policyDomain;
  return result;
}
