/** Progress of a bulk check on standard error, only when standard error is a terminal. */
import { printable } from "../report/printable.ts";
import type { OutStream } from "./deps.ts";

/** Updates a one-line progress display; `finish` clears it. Does nothing when `stream` is not a terminal. */
export interface Progress {
  update(done: number, total: number, domain: string): void;
  finish(): void;
}

const CLEAR_LINE = "\r\u001b[2K";

/** A progress line on `stream`, redrawn at most every `intervalMs` (and at the last domain). */
export function progressLine(stream: OutStream, intervalMs = 80, now: () => number = Date.now): Progress {
  if (stream.isTTY !== true) return { update: () => {}, finish: () => {} };
  let last = -Infinity;
  let shown = false;
  return {
    update(done, total, domain) {
      const t = now();
      if (done < total && t - last < intervalMs) return;
      last = t;
      shown = true;
      stream.write(`${CLEAR_LINE}checking ${done}/${total} ${printable(domain).slice(0, 60)}`);
    },
    finish() {
      if (shown) stream.write(CLEAR_LINE);
    },
  };
}
