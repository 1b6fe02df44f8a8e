/** The report's sender inventory, from the reconciled DMARC reports (`GatheredFacts.reports`). */
import { type ReportFacts, SOURCE_CLASSES } from "../facts/report-types.ts";
import type { SenderInventory, SenderRow } from "./report-types.ts";

/** Rows kept in the report (the formats show fewer and say how many more). */
export const MAX_SENDER_ROWS = 200;

/** The inventory of an audit's reports. */
export function senderInventory(r: ReportFacts): SenderInventory {
  const rows: SenderRow[] = r.sources.slice(0, MAX_SENDER_ROWS).map((s) => {
    const first = s.ptr.names[0];
    const ptr: SenderRow["ptr"] = { status: s.ptr.status };
    if (first !== undefined) ptr.name = first;
    if (typeof s.ptr.confirmed === "boolean") ptr.confirmed = s.ptr.confirmed;
    const row: SenderRow = {
      ip: s.ip,
      fromDomain: s.fromDomain,
      class: s.class,
      ptr,
      messages: s.messages,
      dmarcPass: s.dmarcPass,
      dkimAligned: s.dkimAligned,
      spfAligned: s.spfAligned,
      why: s.why,
    };
    if (s.path !== undefined) row.path = s.path.id;
    if (s.provider !== undefined) row.provider = s.provider.name;
    return row;
  });
  return {
    window: { ...r.window },
    reports: r.reports,
    reporters: r.reporters.slice(0, 20),
    records: r.records,
    messages: r.messages,
    classes: SOURCE_CLASSES.map((c) => {
      const of = r.sources.filter((s) => s.class === c);
      return {
        class: c,
        sources: of.length,
        messages: of.reduce((n, s) => n + s.messages, 0),
        dmarcPass: of.reduce((n, s) => n + s.dmarcPass, 0),
      };
    }),
    rows,
    more: Math.max(0, r.sources.length - rows.length) + r.overflow.sources,
    unlistedDomains: r.unlistedDomains
      .slice(0, 20)
      .map((u) => ({ domain: u.domain, messages: u.messages, dmarcPass: u.dmarcPass, sources: u.sources })),
    days: r.days.slice(-400).map((d) => ({ ...d })),
    ptr: { ...r.ptr },
  };
}
