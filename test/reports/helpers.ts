/** Helpers for the report tests: fixture paths, report XML generators. */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "../../fixtures/reports/parsedmarc");

/** One record element. */
export function recordXml(i: number, domain = "example.com"): string {
  const ip = `192.0.${(i >> 8) & 255}.${i & 255}`;
  return `<record><row><source_ip>${ip}</source_ip><count>${(i % 7) + 1}</count><policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>fail</spf></policy_evaluated></row><identifiers><header_from>${domain}</header_from><envelope_from>bounce.${domain}</envelope_from></identifiers><auth_results><dkim><domain>${domain}</domain><selector>s1</selector><result>pass</result></dkim><spf><domain>bounce.${domain}</domain><scope>mfrom</scope><result>pass</result></spf></auth_results></record>\n`;
}

/** The part of a report before its records. */
export function reportHead(
  options: { reporter?: string; reportId?: string; domain?: string; begin?: number } = {},
): string {
  const begin = options.begin ?? 1_700_000_000;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<feedback><version>1.0</version><report_metadata><org_name>${options.reporter ?? "receiver.example"}</org_name><email>dmarc@receiver.example</email><report_id>${options.reportId ?? "r1"}</report_id><date_range><begin>${begin}</begin><end>${begin + 86399}</end></date_range></report_metadata><policy_published><domain>${options.domain ?? "example.com"}</domain><adkim>r</adkim><aspf>r</aspf><p>none</p><sp>none</sp><pct>100</pct></policy_published>\n`;
}

/** A whole report with `n` records. */
export function reportXml(n: number, options: Parameters<typeof reportHead>[0] = {}): string {
  let xml = reportHead(options);
  for (let i = 0; i < n; i++) xml += recordXml(i, options.domain);
  return `${xml}</feedback>\n`;
}
