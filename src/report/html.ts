/**
 * The `html` format: one self-contained page (inline CSS and SVG, no script, no external asset)
 * with the sending paths drawn as a diagram (From domain → path → SPF / DKIM → DMARC, where it
 * breaks highlighted), the domains, the findings with evidence and fixes, the SPF include trees
 * with their lookup counts, and the DNS questions. Every string from the report is escaped, and a
 * Content-Security-Policy forbids scripts anyway.
 */
import type { AuditReport } from "../audit/report-types.ts";
import { esc } from "./html-escape.ts";
import { reportSections } from "./html-sections.ts";
import { HTML_STYLE } from "./html-style.ts";
import type { FormatOptions } from "./types.ts";

/** No scripts, no network: only the inline style and inline/data images. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** A complete page around `body`. */
export function htmlPage(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="email-auth-audit">
<title>${esc(title)}</title>
<style>${HTML_STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** Formats a report as one self-contained HTML page. */
export function formatHtml(report: AuditReport, options: FormatOptions = {}): string {
  const subject = report.kind === "audit" ? report.org.name : report.org.domains.map((d) => d.name).join(", ");
  return htmlPage(
    `email-auth-audit: ${subject} (${report.summary.status})`,
    `<main>\n${reportSections(report, options, 1)}\n</main>`,
  );
}
