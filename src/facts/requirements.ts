/**
 * Whether a record a provider requires (from its catalog entry, expanded for the account) is in
 * DNS. Values may keep placeholders the provider assigns (`{partition}`): they match any label.
 */
import { presentRecord } from "../dns/evidence.ts";
import type { MxRecord } from "../dns/types.ts";
import { templateMatcher } from "../providers/template.ts";
import { answerState } from "./state.ts";
import type { RequirementFacts } from "./types.ts";

/**
 * - `met`: a record matches the value (or one of its documented alternatives);
 * - `missing`: DNS proves there is no such record (NXDOMAIN, NODATA);
 * - `wrong`: records are there, none matches;
 * - `unknown`: the question failed.
 */
export type RequirementStatus = "met" | "missing" | "wrong" | "unknown";

const stripDot = (name: string) => name.toLowerCase().replace(/\.$/, "");

/** The part of a record the requirement is about: an MX's exchange (its preference is the provider's suggestion only). */
function comparable(type: string, value: string): string {
  if (type === "MX") return stripDot(value.trim().split(/\s+/).pop() ?? "");
  if (type === "CNAME" || type === "NS") return stripDot(value.trim());
  return value.trim();
}

export function requirementStatus(facts: RequirementFacts): { status: RequirementStatus; found: string[] } {
  const { requirement, answer } = facts;
  const found = answer.records.map((r) => presentRecord(requirement.type, r));
  const state = answerState(answer);
  if (state === "unknown") return { status: "unknown", found };
  if (state === "absent") return { status: "missing", found };
  const wanted = [requirement.value, ...(requirement.alternatives ?? [])].map((v) => comparable(requirement.type, v));
  const have = answer.records.map((r) =>
    requirement.type === "MX"
      ? stripDot((r as MxRecord).exchange)
      : comparable(requirement.type, presentRecord(requirement.type, r)),
  );
  const matchers = wanted.map((w) =>
    requirement.type === "TXT" ? (v: string) => v === w : (v: string) => templateMatcher(w)(v) !== null,
  );
  return { status: have.some((h) => matchers.some((m) => m(h))) ? "met" : "wrong", found };
}
