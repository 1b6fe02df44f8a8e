/**
 * A draft description (`orgFromReports`) as YAML, each annotation written as comments above the
 * part it is about (`from:` what the reports showed, `CONFIRM:` what to check by hand, `note:`),
 * with the `yaml` package's Document API so that values and comments are escaped by the library.
 */
import { Document, isCollection, isNode, isPair, isScalar } from "yaml";
import type { OrgDraft } from "./org-draft.ts";

const WIDTH = 100;

function wrap(text: string, first: string, next: string): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  // Comments are one line each in YAML: a newline in reported data must not end the comment.
  const safe = text.replace(
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/gu,
    (c) => `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`,
  );
  for (const word of safe.replace(/\s+/g, " ").trim().split(" ")) {
    if (!empty && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = next + word;
    } else line += empty ? word : ` ${word}`;
    empty = false;
  }
  lines.push(line);
  return lines;
}

function tokens(pointer: string): (string | number)[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((t) => (/^\d+$/.test(t) ? Number(t) : t));
}

const FLOW_KEYS = new Set(["from", "via", "ips", "settings", "direct"]);

function flowStyle(node: unknown, key?: string): void {
  if (!isCollection(node)) return;
  if (key !== undefined && FLOW_KEYS.has(key)) node.flow = true;
  for (const item of node.items) {
    if (isNode(item)) {
      if (key === "dkim") (item as { flow?: boolean }).flow = true;
      flowStyle(item);
    } else if (isPair(item)) flowStyle(item.value, isScalar(item.key) ? String(item.key.value) : undefined);
  }
}

/** Writes the draft; it loads back with `loadOrg` to the same description. */
export function draftToYaml(draft: OrgDraft): string {
  const doc = new Document(draft.org);
  flowStyle(doc.contents);
  const header = [
    "Organisation description drafted from DMARC aggregate reports by email-auth-audit.",
    "Check each CONFIRM line, then run: email-auth-audit audit --org <this file> --reports <database>",
  ];
  for (const a of draft.annotations) {
    const lines = [
      ...a.from.flatMap((f) => wrap(f, "from: ", "  ")),
      ...a.confirm.flatMap((c) => wrap(c, "CONFIRM: ", "  ")),
      ...a.notes.flatMap((n) => wrap(n, "note: ", "  ")),
    ].map((l) => ` ${l}`);
    if (lines.length === 0) continue;
    if (a.pointer === "") {
      const problems = draft.problems.flatMap((p) => wrap(p, "PROBLEM: ", "  ")).map((l) => ` ${l}`);
      doc.commentBefore = [...header.map((h) => ` ${h}`), "", ...lines, ...problems].join("\n");
      continue;
    }
    const node = doc.getIn(tokens(a.pointer), true);
    if (!isNode(node)) continue;
    node.commentBefore = (node.commentBefore ? `${node.commentBefore}\n` : "") + lines.join("\n");
  }
  if (!doc.commentBefore) doc.commentBefore = header.map((h) => ` ${h}`).join("\n");
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
