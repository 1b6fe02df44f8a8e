import type { DecodedPacket } from "dns-packet";

import type { ServerAddress } from "./address.ts";

export type { ServerAddress } from "./address.ts";

/** What one exchange with one server over one transport gave. */
export type ExchangeResult =
  | { kind: "reply"; packet: DecodedPacket }
  | { kind: "timeout"; ignored: string[] }
  | { kind: "error"; message: string }
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
  ignored: string[],
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
