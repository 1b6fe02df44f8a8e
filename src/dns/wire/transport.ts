import type { DecodedPacket } from "dns-packet";

import type { ServerAddress } from "./address.ts";

export type { ServerAddress } from "./address.ts";

/** How many distinct reasons for ignored replies are kept (the rest are only counted). */
export const KEPT_REASONS = 3;

/**
 * Replies that were ignored (spoofed, stale, malformed, for another question) during one exchange:
 * a count and the first {@link KEPT_REASONS} distinct reasons, so that a hostile server flooding
 * replies costs a counter, not memory.
 */
export class IgnoredReplies {
  count = 0;
  readonly reasons: string[] = [];
  /** Whether a reason other than the kept ones was seen. */
  #more = false;

  add(reason: string): void {
    this.count++;
    if (this.reasons.includes(reason)) return;
    if (this.reasons.length < KEPT_REASONS) this.reasons.push(reason);
    else this.#more = true;
  }

  /** ` (ignored N unacceptable replies: a; b; c)`, or `""` when none was ignored. */
  describe(): string {
    if (this.count === 0) return "";
    const more = this.#more ? "; ..." : "";
    const replies = this.count === 1 ? "reply" : "replies";
    return ` (ignored ${this.count} unacceptable ${replies}: ${this.reasons.join("; ")}${more})`;
  }
}

/** What one exchange with one server over one transport gave. */
export type ExchangeResult =
  | { kind: "reply"; packet: DecodedPacket }
  | { kind: "timeout"; ignored: IgnoredReplies }
  | { kind: "error"; message: string; ignored?: IgnoredReplies }
  | { kind: "aborted" };

export function serverLabel(server: ServerAddress, transport: "udp" | "tcp"): string {
  const host = server.host.includes(":") ? `[${server.host}]` : server.host;
  return `${transport}://${host}:${server.port}`;
}

/**
 * Runs `start` with a settle callback that fires once: on the first result, the timer, or abort.
 * `cleanup` always runs, so sockets are closed whatever happens.
 */
export function exchangeWithDeadline(
  timeoutMs: number,
  signal: AbortSignal | undefined,
  ignored: IgnoredReplies,
  start: (settle: (result: ExchangeResult) => void) => () => void,
): Promise<ExchangeResult> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve({ kind: "aborted" });
    let done = false;
    let cleanup: () => void = () => {};
    const settle = (result: ExchangeResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      try {
        cleanup();
      } catch {
        // closing an already-closed socket is not an outcome
      }
      resolve(result);
    };
    const onAbort = () => settle({ kind: "aborted" });
    const timer = setTimeout(() => settle({ kind: "timeout", ignored }), timeoutMs);
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      cleanup = start(settle);
    } catch (error) {
      settle({ kind: "error", message: (error as Error).message });
    }
    if (done) {
      try {
        cleanup();
      } catch {
        // see above
      }
    }
  });
}
