/**
 * What the Exchange rules share: evidence from configuration objects (`ObservedEvidence` of kind
 * `exchange`: the cmdlet, the object's name and the file, and the properties that matter), the
 * domain an organisation-wide finding is filed under, and safe Markdown for fixes.
 */
import { cite } from "../exchange/org-sources.ts";
import type { ExchangeObject } from "../exchange/types.ts";
import type { AddressSpace } from "../exchange/types-onprem.ts";
import type { ObservedEvidence } from "../facts/evidence.ts";
import type { ExchangeFacts } from "../facts/exchange.ts";
import type { AuditFacts } from "../verdicts/types.ts";

function isAddressSpace(v: unknown): v is AddressSpace {
  return typeof v === "object" && v !== null && "Type" in v && "Address" in v;
}

/** A property value as the Exchange Management Shell shows it (`True`, `{a, b}`, `SMTP:*;1`). */
export function showValue(value: unknown): string {
  if (value === undefined) return "(not exported)";
  if (value === null) return "(not set)";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (isAddressSpace(value)) return `${value.Type}:${value.Address}${value.Cost === null ? "" : `;${value.Cost}`}`;
  if (Array.isArray(value)) return `{${value.map(showValue).join(", ")}}`;
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** The evidence of one configuration object: where it was read and the properties that matter. */
export function exchangeEvidence<T extends ExchangeObject>(
  object: T,
  properties: readonly (keyof T & string)[],
  note?: string,
): ObservedEvidence {
  const name = object as {
    Name?: string | null;
    Identity?: string | null;
    DomainName?: string | null;
    Domain?: string | null;
  };
  const label = name.Identity ?? name.Name ?? name.DomainName ?? name.Domain ?? null;
  const evidence: ObservedEvidence = {
    kind: "exchange",
    source: cite(object, label),
    lines: properties.map((p) => `${p} = ${showValue(object[p])}`),
  };
  if (note !== undefined) evidence.note = note;
  return evidence;
}

/** The Exchange facts of an audit run with `--exchange`, or undefined. */
export function exchangeOf(facts: AuditFacts): ExchangeFacts | undefined {
  return facts.exchange;
}

/** The domain an organisation-wide Exchange finding is filed under: the description's first domain. */
export function orgDomain(facts: AuditFacts): string {
  return facts.org.domains[0]?.name.toLowerCase() ?? facts.org.name ?? "organisation";
}

/** A Markdown code span that holds any text (a fence longer than any run of backticks in it; CommonMark §6.1). */
export function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") || text.startsWith(" ") ? " " : "";
  return `${fence}${pad}${text.replace(/\r?\n/g, " ")}${pad}${fence}`;
}

/** A PowerShell single-quoted string (quotes doubled, the typographic ones too). */
export function ps(text: string): string {
  return `'${text.replace(/['\u2018\u2019\u201a\u201b]/g, (q) => q + q)}'`;
}
