/** Short phrases every format uses for a domain's summary and for counts. */
import type { AuditReport, DomainReport } from "../audit/report-types.ts";

/** MX summary of a domain: hosts, `null MX`, or the status. */
export function mxText(d: DomainReport): string {
  if (d.mx.nullMx) return "null MX";
  if (d.mx.status !== "ok") return d.mx.status;
  return d.mx.hosts.join(", ") || "-";
}

/** DKIM summary of a domain: the selectors found with their key sizes. */
export function dkimText(d: DomainReport): string {
  if (d.dkim.length === 0) return "-";
  return d.dkim
    .map((k) => `${k.selector}${k.status === "ok" ? (k.keyBits ? ` (${k.keyBits})` : "") : ` (${k.status})`}`)
    .join(", ");
}

/** `3/10 lookups`, or `at least 3/10 lookups` when a lookup in the tree failed (the count is a lower bound). */
export function lookupCount(d: DomainReport, limit: number): string {
  return `${d.spf.partial ? "at least " : ""}${d.spf.lookups}/${limit} lookups`;
}

/** `1 error`, `2 errors`. */
export function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** `4 paths (2 pass, 1 fragile, 0 fail)`, with `, 1 unknown` when any verdict is unknown. */
export function pathCounts(paths: AuditReport["summary"]["paths"], emphasis = (s: string) => s): string {
  const unknown = paths.unknown > 0 ? `, ${paths.unknown} unknown` : "";
  return `${emphasis(counted(paths.total, "path"))} (${paths.pass} pass, ${paths.fragile} fragile, ${paths.fail} fail${unknown})`;
}

/** `… 190 more records (47,500 bytes) not shown`, or `… 1,200 bytes not shown` when only the ends of long ones were cut. */
export function omittedText(
  o: { count: number; bytes: number } | undefined,
  noun: string,
  plural = `${noun}s`,
): string | undefined {
  if (o === undefined || (o.count === 0 && o.bytes === 0)) return undefined;
  const bytes = `${o.bytes.toLocaleString("en-US")} bytes`;
  if (o.count === 0) return `… ${bytes} not shown (the ends of long ${plural})`;
  return `… ${o.count.toLocaleString("en-US")} more ${o.count === 1 ? noun : plural} (${bytes}) not shown`;
}
