/**
 * An organisation description as YAML, with the annotations of `orgFromExchange` as comments
 * above the parts they are about: where each came from (`from:`), what to confirm (`CONFIRM:`),
 * and other remarks. Built with the `yaml` package's Document API, so that comments and values are
 * escaped by the library.
 */
import { Document, isCollection, isNode, isPair, isScalar } from "yaml";
import type { Organisation } from "../org/types.ts";
import type { OrgAnnotation } from "./org-types.ts";

const WIDTH = 100;

/** Splits text into comment lines of at most {@link WIDTH} characters (words kept whole). */
function wrap(text: string, first: string, next: string): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.replace(/\s+/g, " ").trim().split(" ")) {
    if (!empty && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = next + word;
    } else {
      line += empty ? word : ` ${word}`;
    }
    empty = false;
  }
  lines.push(line);
  return lines;
}

function commentLines(a: OrgAnnotation): string[] {
  const lines: string[] = [];
  for (const f of a.from) lines.push(...wrap(f, "from: ", "  "));
  for (const c of a.confirm) lines.push(...wrap(c, "CONFIRM: ", "  "));
  for (const n of a.notes) lines.push(...wrap(n, "note: ", "  "));
  return lines;
}

/** A JSON Pointer's tokens (RFC 6901 §4), numbers for array indexes. */
function tokens(pointer: string): (string | number)[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((t) => (/^\d+$/.test(t) ? Number(t) : t));
}

const FLOW_KEYS = new Set(["from", "via", "ips", "settings", "direct"]);

/** Short lists and maps on one line, as in the documentation's examples. */
function flowStyle(node: unknown, key?: string): void {
  if (!isCollection(node)) return;
  if (key !== undefined && FLOW_KEYS.has(key)) node.flow = true;
  for (const item of node.items) {
    if (isNode(item)) {
      if (key === "dkim") (item as { flow?: boolean }).flow = true;
      flowStyle(item);
    } else if (isPair(item)) {
      const k = isScalar(item.key) ? String(item.key.value) : undefined;
      flowStyle(item.value, k);
    }
  }
}

/**
 * Writes a description as YAML with each annotation as comments above its part; the header (the
 * annotation with pointer `""`) lists the files read. The text loads with `loadOrg` to the same
 * description.
 */
export function orgToYaml(org: Organisation, annotations: readonly OrgAnnotation[] = []): string {
  const doc = new Document(org);
  flowStyle(doc.contents);
  const header = [
    "Organisation description derived from Exchange exports by email-auth-audit.",
    "Check each CONFIRM line, then run: email-auth-audit audit --org <this file>",
  ];
  for (const a of annotations) {
    const lines = commentLines(a).map((l) => ` ${l}`);
    if (lines.length === 0) continue;
    if (a.pointer === "") {
      doc.commentBefore = [...header.map((h) => ` ${h}`), "", ...lines].join("\n");
      continue;
    }
    const node = doc.getIn(tokens(a.pointer), true);
    if (!isNode(node)) continue;
    const existing = node.commentBefore ? `${node.commentBefore}\n` : "";
    node.commentBefore = existing + lines.join("\n");
  }
  if (!doc.commentBefore) doc.commentBefore = header.map((h) => ` ${h}`).join("\n");
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
