import type { Severity } from "../common/severity.ts";
import type { DmarcDiagnostic, DmarcDiagnosticCode, DmarcRfcRef } from "./types.ts";

/** `{ rfc, section }` shorthand. */
export function ref(rfc: number, section: string): DmarcRfcRef {
  return { rfc, section };
}

/** Where a diagnostic points, and which tag or DNS name it concerns. */
export interface DiagnosticPlace {
  start?: number;
  end?: number;
  tag?: string;
  name?: string;
}

/** Builds a diagnostic without undefined fields (so results stay plain JSON). */
export function diagnostic(
  code: DmarcDiagnosticCode,
  severity: Severity,
  message: string,
  refs: DmarcRfcRef[],
  place: DiagnosticPlace = {},
): DmarcDiagnostic {
  const d: DmarcDiagnostic = { code, severity, message, refs };
  if (place.start !== undefined) d.start = place.start;
  if (place.end !== undefined) d.end = place.end;
  if (place.tag !== undefined) d.tag = place.tag;
  if (place.name !== undefined) d.name = place.name;
  return d;
}

/** `RFC 9989 §4.7` for people. */
export function formatRef(r: DmarcRfcRef): string {
  return `RFC ${r.rfc} §${r.section}`;
}
