/** Short phrases every format uses for a domain's summary and for counts. */
import type { DomainReport } from "../audit/report-types.ts";

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

/** `1 error`, `2 errors`. */
export function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
