/**
 * `email-auth-audit worker --redis URL`: takes domains from the Redis queue and checks them, until
 * stopped (SIGINT/SIGTERM: the active domains finish first; a second signal stops at once) or,
 * with `--exit-when-drained`, until nothing is left to do. Run as many as you like, on as many
 * machines as can reach Redis and a resolver. Loaded only when the command runs.
 */
import type { CheckOptions } from "../audit/api.ts";
import { parseRedisUrl } from "../queue/connection.ts";
import { startWorker } from "../queue/worker.ts";
import { thousands } from "../report/bulk-rows.ts";
import type { CliDeps } from "./deps.ts";
import { CliError } from "./errors.ts";
import { readCatalogFile } from "./inputs.ts";
import { ruleSelection } from "./options.ts";
import { EXIT } from "./output.ts";
import { createResolver, parseResolverSpec } from "./resolver.ts";

/** The flags of `worker`. */
export interface WorkerFlags {
  redis: string;
  queue: string;
  concurrency: number;
  resolver: string;
  timeout?: number;
  domainTimeout: number;
  rateLimit: number;
  exitWhenDrained?: boolean;
  lockDuration: number;
  maxQueries?: number;
  rules?: string[];
  disableRule?: string[];
  selector?: string[];
  catalog?: string;
}

/** `worker`: returns the exit code once the worker stops. */
export async function workerCommand(flags: WorkerFlags, deps: CliDeps): Promise<number> {
  const url = parseRedisUrl(flags.redis);
  if (!url.ok) throw new CliError(`--redis: ${url.error}`);
  const spec = parseResolverSpec(flags.resolver);
  const resolver = await createResolver(spec, {
    cwd: deps.cwd,
    ...(flags.timeout !== undefined ? { timeoutMs: flags.timeout } : {}),
  });
  const rules = ruleSelection(flags);
  const checkOptions: Omit<CheckOptions, "resolver" | "signal"> = { rules };
  if (flags.maxQueries !== undefined) checkOptions.maxQueries = flags.maxQueries;
  if (flags.selector !== undefined) checkOptions.selectors = flags.selector;
  if (flags.catalog !== undefined) checkOptions.catalog = await readCatalogFile(deps.cwd, flags.catalog);
  const upstream =
    spec.kind === "udp" || spec.kind === "tcp"
      ? `${spec.kind}://${spec.host}:${spec.port}`
      : spec.kind === "doh"
        ? spec.url
        : spec.kind;

  const { openFromFlags } = await import("./queue.ts");
  // Fail now (exit 2) if Redis is not there, rather than wait for it forever.
  await (await openFromFlags(flags)).close();

  let lastLine = performance.now();
  const started = lastLine;
  const running = await startWorker({
    redisUrl: url.url,
    queueName: flags.queue,
    resolver,
    upstream,
    checkOptions,
    check: deps.checkDomain,
    concurrency: flags.concurrency,
    domainTimeoutMs: Math.round(flags.domainTimeout * 1000),
    ratePerSecond: flags.rateLimit,
    lockDurationMs: flags.lockDuration,
    onResult: () => {
      const t = performance.now();
      if (t - lastLine < 30_000) return;
      lastLine = t;
      const s = running.stats();
      deps.stderr.write(
        `worker: ${thousands(s.stored)} results stored, ${((s.stored * 1000) / (t - started)).toFixed(1)}/s\n`,
      );
    },
  });
  deps.stderr.write(
    `worker: checking domains from ${flags.queue} at ${url.url.replace(/\/\/[^@/]*@/, "//***@")} (${flags.concurrency} at once, resolver ${upstream})\n`,
  );
  // The first signal lets the active domains finish; a second one ends the process at once (its
  // jobs go back to the queue when their locks lapse).
  const stopped = new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
    if (flags.exitWhenDrained) void running.drained().then(resolve);
  });
  await stopped;
  await running.close(false);
  const s = running.stats();
  const cache = s.cache
    ? `; shared DNS cache: ${thousands(s.cache.hits)} answers read, ${thousands(s.cache.asked)} questions asked upstream`
    : "";
  deps.stderr.write(
    `worker: stopped after storing ${thousands(s.stored)} result${s.stored === 1 ? "" : "s"} (${thousands(s.retried)} attempts retried)${cache}\n`,
  );
  return EXIT.ok;
}
