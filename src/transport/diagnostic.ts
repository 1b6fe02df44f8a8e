import type { TransportDiagnostic, TransportRef, TransportSeverity } from "./types.ts";

/** `{ rfc, section }` shorthand. */
export function rfc(number: number, section: string): TransportRef {
  return { rfc: number, section };
}

/** A reference to a document that is not an RFC (the BIMI draft, SVG Tiny PS). */
export function doc(name: string, section: string): TransportRef {
  return { rfc: 0, section, doc: name };
}

/** Where a diagnostic points. */
export interface DiagnosticPlace {
  start?: number;
  end?: number;
  line?: number;
  field?: string;
  name?: string;
}

/** Builds a diagnostic without undefined fields (results stay plain JSON). */
export function diagnostic(
  code: string,
  severity: TransportSeverity,
  message: string,
  refs: TransportRef[],
  place: DiagnosticPlace = {},
): TransportDiagnostic {
  const d: TransportDiagnostic = { code, severity, message, refs };
  if (place.start !== undefined) d.start = place.start;
  if (place.end !== undefined) d.end = place.end;
  if (place.line !== undefined) d.line = place.line;
  if (place.field !== undefined) d.field = place.field;
  if (place.name !== undefined) d.name = place.name;
  return d;
}

/** Whether any diagnostic is an error. */
export function hasErrors(diagnostics: readonly TransportDiagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** `RFC 8461 §3.2` (or the document name) for people. */
export function formatTransportRef(ref: TransportRef): string {
  return ref.rfc === 0 ? `${ref.doc ?? "?"} §${ref.section}` : `RFC ${ref.rfc} §${ref.section}`;
}

/** A short, printable form of untrusted text for messages (bounded, control characters escaped). */
export function shown(text: string, max = 60): string {
  const cut = text.length > max ? `${text.slice(0, max)}...` : text;
  return JSON.stringify(cut);
}
