/**
 * The bulk `jsonl` format (JSON Lines, https://jsonlines.org): one {@link DomainResult} per line,
 * written as each domain finishes, in the order they finish. Nothing else: no header, no summary
 * line (the summary goes to standard error), so that lines can be appended, counted, filtered and
 * used to resume a run.
 */
import type { StreamLayout } from "./bulk-layout.ts";
import type { DomainResult } from "./bulk-types.ts";

/** One result as one JSON Lines line (JSON has no raw newline in a string, so one line it is). */
export function jsonlLine(result: DomainResult): string {
  return `${JSON.stringify(result)}\n`;
}

/** The layout of the JSON Lines format. */
export function jsonlLayout(): StreamLayout {
  return { kind: "stream", head: () => "", piece: jsonlLine, tail: () => "" };
}
