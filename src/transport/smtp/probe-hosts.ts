/** `probeHosts`: many (host, port) probes with bounded concurrency, each target probed once per run. */

import { normalizeHost, type SmtpProbeOptions } from "./options.ts";
import { probeSmtp } from "./probe.ts";
import type { SmtpProbeResult, TlsMode } from "./types.ts";

/** One host to probe: a name, its port, and optionally the address to connect to and the TLS mode. */
export interface SmtpProbeTarget {
  host: string;
  /** Default 25. */
  port?: number;
  address?: string;
  tlsMode?: TlsMode;
}

/** Options of {@link probeHosts}: those of {@link probeSmtp} for every target, and the concurrency. */
export interface ProbeHostsOptions extends Omit<SmtpProbeOptions, "port" | "address" | "tlsMode"> {
  /** Probes running at once, 1–32. Default 4. */
  concurrency?: number;
  /** Most targets probed; those beyond are returned as input errors. Default 1,000. */
  maxTargets?: number;
}

export const DEFAULT_PROBE_CONCURRENCY = 4;
export const MAX_PROBE_CONCURRENCY = 32;
export const DEFAULT_MAX_TARGETS = 1000;

function targetOf(input: unknown): SmtpProbeTarget {
  if (typeof input === "string") return { host: input };
  if (typeof input === "object" && input !== null && "host" in input) return input as SmtpProbeTarget;
  // Not a host: probeSmtp refuses it (a host must be a string) without any network use.
  return { host: input as string };
}

/** The identity of a target: the same host, port, address and TLS mode is probed once. */
function keyOf(target: SmtpProbeTarget): string {
  const port = target.port ?? 25;
  const mode = target.tlsMode ?? (port === 465 ? "implicit" : "starttls");
  return [normalizeHost(target.host) ?? String(target.host), port, target.address ?? "", mode].join("|");
}

function bounded(value: number | undefined, fallback: number, max: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(1, Math.floor(value)));
}

/**
 * Probes every target with {@link probeSmtp}, at most `concurrency` at a time, and returns the
 * results in input order. A target listed twice (same host, port, address and TLS mode) is probed
 * once and its result repeated. Never throws.
 */
export async function probeHosts(
  targets: ReadonlyArray<string | SmtpProbeTarget>,
  options: ProbeHostsOptions = {},
): Promise<SmtpProbeResult[]> {
  const { concurrency, maxTargets, ...probeOptions } = options ?? {};
  const width = bounded(concurrency, DEFAULT_PROBE_CONCURRENCY, MAX_PROBE_CONCURRENCY);
  const limit = bounded(maxTargets, DEFAULT_MAX_TARGETS, Number.MAX_SAFE_INTEGER);
  const list = Array.isArray(targets) ? targets.map(targetOf) : [];
  const unique = new Map<string, { target: SmtpProbeTarget; result: SmtpProbeResult | null }>();
  for (const target of list.slice(0, limit)) {
    const key = keyOf(target);
    if (!unique.has(key)) unique.set(key, { target, result: null });
  }
  const queue = [...unique.values()];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < queue.length) {
      const entry = queue[next++] as (typeof queue)[number];
      const { host, port, address, tlsMode } = entry.target;
      entry.result = await probeSmtp(host, {
        ...probeOptions,
        ...(port !== undefined ? { port } : {}),
        ...(address !== undefined ? { address } : {}),
        ...(tlsMode !== undefined ? { tlsMode } : {}),
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, queue.length) }, worker));
  return list.map((target, index): SmtpProbeResult => {
    if (index >= limit) {
      return { ok: false, host: String(target.host), port: target.port ?? 25, error: `more than ${limit} targets` };
    }
    const result = unique.get(keyOf(target))?.result;
    return result === null || result === undefined
      ? { ok: false, host: String(target.host), port: target.port ?? 25, error: "not probed" }
      : structuredClone(result);
  });
}
