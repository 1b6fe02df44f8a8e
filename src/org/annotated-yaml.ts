/**
 * An organisation description as YAML with remarks as comments above the parts they are about
 * (`from:` where a part came from, `CONFIRM:` what to check by hand, `note:`, and `PROBLEM:` at the
 * top), for the descriptions `init` drafts from Exchange exports and from DMARC reports. Built with
 * the `yaml` package's Document API, so that values and comments are escaped by the library; the
 * text loads back with `loadOrg` to the same description.
 */
import { Document, isCollection, isNode, isPair, isScalar } from "yaml";
import type { Organisation } from "./types.ts";

/** Remarks about one part of the description. */
export interface YamlAnnotation {
  /** A JSON Pointer into the description (`/paths/0`); `""` is the whole description. */
  pointer: string;
  from: readonly string[];
  confirm: readonly string[];
  notes: readonly string[];
}

/** Options of {@link annotatedOrgYaml}. */
export interface AnnotatedYamlOptions {
  /** The lines at the top: what made the file and what to run next. */
  header: readonly string[];
  /** Problems met while drafting, listed at the top after the whole description's remarks. */
  problems?: readonly string[];
}

const WIDTH = 100;

/** Splits text into comment lines of at most {@link WIDTH} characters (words kept whole). */
function wrap(text: string, first: string, next = "  "): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  // A comment is one line in YAML: a newline in exported or reported data must not end it.
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
    } else if (isPair(item)) flowStyle(item.value, isScalar(item.key) ? String(item.key.value) : undefined);
  }
}

function commentLines(a: YamlAnnotation): string[] {
  return [
    ...a.from.flatMap((f) => wrap(f, "from: ")),
    ...a.confirm.flatMap((c) => wrap(c, "CONFIRM: ")),
    ...a.notes.flatMap((n) => wrap(n, "note: ")),
  ].map((l) => ` ${l}`);
}

/** Writes `org` as YAML, each annotation as comments above its part, the header and problems on top. */
export function annotatedOrgYaml(
  org: Organisation,
  annotations: readonly YamlAnnotation[],
  options: AnnotatedYamlOptions,
): string {
  const doc = new Document(org);
  flowStyle(doc.contents);
  const top: string[] = [];
  for (const a of annotations) {
    const lines = commentLines(a);
    if (lines.length === 0) continue;
    if (a.pointer === "") {
      top.push(...lines);
      continue;
    }
    const node = doc.getIn(tokens(a.pointer), true);
    if (!isNode(node)) continue;
    node.commentBefore = (node.commentBefore ? `${node.commentBefore}\n` : "") + lines.join("\n");
  }
  top.push(...(options.problems ?? []).flatMap((p) => wrap(p, "PROBLEM: ")).map((l) => ` ${l}`));
  const header = options.header.map((h) => ` ${h}`);
  doc.commentBefore = (top.length > 0 ? [...header, "", ...top] : header).join("\n");
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
