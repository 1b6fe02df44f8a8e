/**
 * What the escaping property tests share: putting strings into every data field of a report, and
 * reading the structure (elements and attribute names, not text) of the HTML a report renders to,
 * directly or through a Markdown renderer.
 */
import { marked } from "marked";
import { parse } from "parse5";
import type { AuditReport } from "../../src/audit/report-types.ts";
import { codeSpan, printable } from "../../src/common/printable.ts";

/** String fields that hold names from the code (enumerations, rule ids, reference metadata), not data. */
const NOT_DATA = new Set([
  "kind",
  "status",
  "result",
  "severity",
  "ruleId",
  "verdict",
  "ipsSource",
  "p",
  "policy",
  "subdomainPolicy",
  "cause",
  "url",
  "label",
  "alignedBy",
  "name_tool",
  "version",
  "type",
  "id_provider",
  "generatedAt",
]);

/**
 * A copy of `report` with every data string replaced by `next()`: names, records, notes, reasons,
 * messages (inside a sentence, as rules write them) and fixes (the way rules must put DNS data
 * there: `printable` on an indented code line, `codeSpan` in a sentence).
 */
export function injectStrings(report: AuditReport, next: () => string): AuditReport {
  const copy = structuredClone(report);
  const walk = (value: unknown, key: string, parentKey: string): unknown => {
    if (typeof value === "string") {
      if (
        NOT_DATA.has(key) ||
        (key === "source" && parentKey === "mailFrom") ||
        (key === "via" && parentKey === "node")
      )
        return value;
      if (key === "message") return `Finding about ${next()} here.`;
      if (key === "fix") {
        const data = next();
        return `Publish this record:\n\n    example.com TXT "v=spf1 ${printable(data)} -all"\n\nor add ${codeSpan(data)} to the record of ${codeSpan(next())}.`;
      }
      return next();
    }
    if (Array.isArray(value)) return value.map((v) => walk(v, key, parentKey));
    if (typeof value === "object" && value !== null) {
      const out: Record<string, unknown> = {};
      const isNode = "totalLookups" in value;
      for (const [k, v] of Object.entries(value)) out[k] = walk(v, k, isNode ? "node" : key);
      return out;
    }
    return value;
  };
  const out = walk(copy, "", "") as AuditReport;
  out.tool = report.tool;
  return out;
}

interface Node {
  nodeName: string;
  tagName?: string;
  attrs?: { name: string; value: string }[];
  childNodes?: Node[];
  content?: Node;
}

/**
 * The elements of an HTML document, depth first, each with its sorted attribute names:
 * `div[class](p[](...))`. Text is left out; `unwrap` names elements whose children are kept in
 * their place (Markdown code spans, which escaping adds around words that would autolink).
 */
export function skeleton(html: string, unwrap: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  const visit = (node: Node) => {
    const children = node.content?.childNodes ?? node.childNodes ?? [];
    if (node.tagName !== undefined && !unwrap.has(node.tagName)) {
      out.push(
        `<${node.tagName}[${(node.attrs ?? [])
          .map((a) => a.name)
          .sort()
          .join(",")}]`,
      );
      for (const child of children) visit(child);
      out.push(`</${node.tagName}>`);
    } else {
      for (const child of children) visit(child);
    }
  };
  visit(parse(html) as unknown as Node);
  return out;
}

/** Every attribute of every element: for checks on names (`on*`) and values (`href`). */
export function attributes(html: string): { tag: string; name: string; value: string }[] {
  const out: { tag: string; name: string; value: string }[] = [];
  const visit = (node: Node) => {
    for (const a of node.attrs ?? []) out.push({ tag: node.tagName ?? "", name: a.name, value: a.value });
    for (const child of node.content?.childNodes ?? node.childNodes ?? []) visit(child);
  };
  visit(parse(html) as unknown as Node);
  return out;
}

/** Markdown rendered as GitHub-flavoured Markdown (tables, autolinks, strikethrough) by `marked`. */
export function markdownToHtml(markdown: string): string {
  return marked.parse(markdown, { gfm: true, async: false });
}

/** Whether every `[` and `]` of a SARIF message is escaped (an odd run of backslashes before it). */
export function sarifBracketsEscaped(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== "[" && c !== "]") continue;
    let slashes = 0;
    for (let j = i - 1; j >= 0 && text[j] === "\\"; j--) slashes++;
    if (slashes % 2 === 0) return false;
  }
  return true;
}
