/**
 * The DNS name of a DKIM key: `<selector>._domainkey.<domain>` (RFC 6376 §3.6.2.1), with
 * internationalised labels converted to A-labels first (RFC 8616 §4).
 */
import { domainToASCII } from "node:url";
import { nameProblem, normalizeName } from "../dns/names.ts";
import { dkimDiagnostic } from "./diagnostics.ts";
import type { DkimDiagnostic } from "./types.ts";

/** RFC 6376 §3.1: `selector = sub-domain *( "." sub-domain )`, sub-domain as in RFC 5321 (LDH). */
const LDH_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
/** Labels we agree to ask about: letters, digits, hyphens and underscores (no spaces, parentheses, "@"...). */
const HOST_LABEL = /^[a-z0-9_-]+$/i;

/** A key name, or why there is none; `warnings` hold non-fatal syntax notes. */
export type KeyName =
  | { ok: true; name: string; selector: string; domain: string; warnings: DkimDiagnostic[] }
  | { ok: false; diagnostic: DkimDiagnostic };

/** Converts a name to lower-case A-labels; undefined when it cannot be converted. */
function toALabels(name: string): string | undefined {
  const plain = normalizeName(name.trim());
  if (/^[\x21-\x7e]*$/.test(plain)) return plain;
  const ascii = domainToASCII(plain);
  return ascii === "" ? undefined : ascii;
}

/** Builds and checks the key name for `selector` and `domain`. */
export function dkimKeyName(selector: string, domain: string): KeyName {
  const sel = toALabels(selector);
  const dom = toALabels(domain);
  if (sel === undefined || sel === "" || sel.includes("..") || sel.startsWith(".")) {
    return { ok: false, diagnostic: dkimDiagnostic("invalid-name", `invalid selector ${JSON.stringify(selector)}`) };
  }
  if (dom === undefined || dom === "") {
    return { ok: false, diagnostic: dkimDiagnostic("invalid-name", `invalid domain ${JSON.stringify(domain)}`) };
  }
  const name = `${sel}._domainkey.${dom}`;
  const problem =
    nameProblem(name) ??
    (name.split(".").every((label) => HOST_LABEL.test(label))
      ? undefined
      : 'a label holds characters other than letters, digits, "-" and "_"');
  if (problem !== undefined) return { ok: false, diagnostic: dkimDiagnostic("invalid-name", `${name}: ${problem}`) };
  const warnings: DkimDiagnostic[] = [];
  if (!sel.split(".").every((label) => LDH_LABEL.test(label))) {
    warnings.push(
      dkimDiagnostic(
        "selector-syntax",
        `selector ${JSON.stringify(sel)} has characters outside letters, digits and hyphens`,
      ),
    );
  }
  return { ok: true, name, selector: sel, domain: dom, warnings };
}
