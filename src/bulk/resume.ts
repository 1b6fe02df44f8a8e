/**
 * `--resume`: the results a JSON Lines output already holds (a finished run's file, an interrupted
 * run's partial file) are carried over to the new output, each domain once, and those domains
 * are not checked again. A line that is not a whole result (the last line of a killed run) is
 * dropped, and its domain checked again.
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import {
  addToSummary,
  type BulkSummary,
  DOMAIN_STATUSES,
  type DomainResult,
  emptySummary,
} from "../report/bulk-types.ts";
import type { TextSink } from "./file-sink.ts";

/** What {@link carryOver} found. */
export interface CarriedOver {
  /** Domains with a result. */
  done: Set<string>;
  /** Their counts. */
  summary: BulkSummary;
  /** Lines dropped: not a result, or a domain seen before. */
  dropped: number;
}

function asResult(line: string): DomainResult | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as { domain?: unknown; status?: unknown; report?: unknown; reason?: unknown };
  if (typeof v.domain !== "string" || !(DOMAIN_STATUSES as readonly unknown[]).includes(v.status)) return undefined;
  if (v.status === "checked" ? typeof v.report !== "object" || v.report === null : typeof v.reason !== "string")
    return undefined;
  return value as DomainResult;
}

/**
 * Copies every result of the JSON Lines files `paths` (missing files are skipped) to `into`, the
 * first result of each domain only; returns the domains done and their counts.
 */
export async function carryOver(paths: readonly string[], into: TextSink): Promise<CarriedOver> {
  const done = new Set<string>();
  const summary = emptySummary();
  let dropped = 0;
  for (const path of paths) {
    const input = createReadStream(path);
    const missing = await new Promise<boolean>((resolve) => {
      input.once("open", () => resolve(false));
      input.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ENOENT"));
    });
    if (missing) continue;
    if (input.errored) throw input.errored;
    const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
    try {
      for await (const line of lines) {
        if (line.trim() === "") continue;
        const result = asResult(line);
        if (result === undefined || done.has(result.domain)) {
          dropped++;
          continue;
        }
        done.add(result.domain);
        addToSummary(summary, result);
        await into.write(`${line}\n`);
      }
    } finally {
      lines.close();
      input.destroy();
    }
  }
  return { done, summary, dropped };
}
