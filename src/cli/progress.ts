/**
 * Progress of a bulk check on standard error. On a terminal, one line redrawn in place
 * (`checking 1,234/100,000 212/s ETA 7 min example.com`) and cleared at the end. Without a
 * terminal (a log file, CI), a plain line every so many domains or seconds
 * (`checked 5,000 of 100,000, 212/s, ETA 7 min`). And at the end, in every case, one summary line.
 */
import { thousands } from "../report/bulk-rows.ts";
import type { BulkSummary } from "../report/bulk-types.ts";
import { printable } from "../report/printable.ts";
import type { OutStream } from "./deps.ts";

/** Reports progress; `finish` clears a terminal's line. */
export interface Progress {
  update(done: number, domain: string): void;
  finish(): void;
}

/** Options of {@link progressReporter}. */
export interface ProgressOptions {
  /** Milliseconds clock. Default `performance.now`. */
  now?: () => number;
  /** Terminal: redraw at most this often, ms. Default 100. */
  redrawMs?: number;
  /** No terminal: a line after this many more domains... Default 1,000. */
  everyDomains?: number;
  /** ...or after this many ms with at least one more domain. Default 30,000. */
  everyMs?: number;
  /** No terminal: never two lines closer than this, ms. Default 2,000. */
  minGapMs?: number;
}

const CLEAR_LINE = "\r\u001b[2K";

/** `45 s`, `7 min`, `2 h 5 min`. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  return `${Math.floor(min / 60)} h ${min % 60} min`;
}

function rate(done: number, ms: number): number {
  return ms > 0 ? (done * 1000) / ms : 0;
}

function rateText(done: number, ms: number): string {
  const r = rate(done, ms);
  return `${r >= 10 ? thousands(r) : r.toFixed(1)}/s`;
}

function eta(done: number, total: number, ms: number): string {
  const r = rate(done, ms);
  if (done >= total) return "ETA 0 s";
  return r > 0 ? `ETA ${duration(((total - done) / r) * 1000)}` : "ETA unknown";
}

/** Progress of `total` domains on `stream`: redrawn on a terminal, plain lines otherwise. */
export function progressReporter(stream: OutStream, total: number, options: ProgressOptions = {}): Progress {
  const now = options.now ?? (() => performance.now());
  const started = now();
  if (stream.isTTY === true) {
    const redraw = options.redrawMs ?? 100;
    let last = Number.NEGATIVE_INFINITY;
    let shown = false;
    return {
      update(done, domain) {
        const t = now();
        if (done < total && t - last < redraw) return;
        last = t;
        shown = true;
        const elapsed = t - started;
        stream.write(
          `${CLEAR_LINE}checking ${thousands(done)}/${thousands(total)} ${rateText(done, elapsed)} ${eta(done, total, elapsed)} ${printable(domain).slice(0, 60)}`,
        );
      },
      finish() {
        if (shown) stream.write(CLEAR_LINE);
      },
    };
  }
  const everyDomains = options.everyDomains ?? 1000;
  const everyMs = options.everyMs ?? 30_000;
  const minGap = options.minGapMs ?? 2000;
  let lastTime = started;
  let lastDone = 0;
  return {
    update(done) {
      const t = now();
      if (done >= total || t - lastTime < minGap) return;
      if (done - lastDone < everyDomains && t - lastTime < everyMs) return;
      lastTime = t;
      lastDone = done;
      const elapsed = t - started;
      stream.write(
        `checked ${thousands(done)} of ${thousands(total)}, ${rateText(done, elapsed)}, ${eta(done, total, elapsed)}\n`,
      );
    },
    finish() {},
  };
}

/**
 * The line that ends every bulk run on standard error: how many domains, how long, how fast, and
 * what came of them (`checked 100,000 domains in 7 min (212/s): 80,000 pass, ...`).
 */
export function summaryLine(summary: BulkSummary, options: { carried?: number; stopped?: boolean } = {}): string {
  const s = summary;
  const counts = [
    `${thousands(s.status.pass)} pass`,
    `${thousands(s.status.warn)} warn`,
    `${thousands(s.status.fail)} fail`,
    ...(s.notFound > 0 ? [`${thousands(s.notFound)} not found`] : []),
    `${thousands(s.notChecked)} not checked`,
  ].join(", ");
  const findings = `${thousands(s.findings.error)} error${s.findings.error === 1 ? "" : "s"}, ${thousands(s.findings.warning)} warning${s.findings.warning === 1 ? "" : "s"}, ${thousands(s.findings.info)} info`;
  const carried = options.carried ? `, ${thousands(options.carried)} of them from the earlier run` : "";
  const checked = s.domains - (options.carried ?? 0);
  return `${options.stopped ? "stopped after" : "checked"} ${thousands(s.domains)} domain${s.domains === 1 ? "" : "s"}${carried} in ${duration(s.elapsedMs)} (${rateText(checked, s.elapsedMs)}): ${counts}; ${findings}\n`;
}
