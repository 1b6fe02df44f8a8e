/**
 * The queue's parts against a real redis-server, in-process: the shared DNS cache, the rate limit,
 * enqueueing, retries that end "not checked", collecting failed jobs, and the CLI's errors.
 */
import { Worker } from "bullmq";
import fc from "fast-check";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditReport } from "../../src/audit/report-types.ts";
import { failedAnswer, recordsAnswer } from "../../src/dns/answer.ts";
import type { DnsAnswer, ResolveOptions, Resolver, RRType } from "../../src/dns/types.ts";
import { collectResults, queueStatus } from "../../src/queue/collect.ts";
import { connectRedis, parseRedisUrl, redisReady } from "../../src/queue/connection.ts";
import { RedisDnsCache } from "../../src/queue/dns-cache.ts";
import { enqueueDomains } from "../../src/queue/enqueue.ts";
import { decodeResult, encodeResult } from "../../src/queue/jobs.ts";
import { openQueue } from "../../src/queue/open.ts";
import { RateLimitedResolver } from "../../src/queue/rate-limit.ts";
import { startWorker } from "../../src/queue/worker.ts";
import type { DomainResult } from "../../src/report/bulk-types.ts";
import { cli } from "../cli/harness.ts";
import { type RunningRedis, startRedis } from "../helpers/redis.ts";
import { requireBinary } from "../helpers/servers.ts";
import { checkReport } from "../report/samples.ts";

/** A resolver that answers after `delayMs`, counting the questions by name. */
class CountingResolver implements Resolver {
  readonly asked = new Map<string, number>();
  readonly answer: (name: string, type: string) => DnsAnswer;
  readonly delayMs: number;
  constructor(answer: (name: string, type: string) => DnsAnswer, delayMs = 20) {
    this.answer = answer;
    this.delayMs = delayMs;
  }
  async resolve<T extends RRType>(name: string, type: T, _options?: ResolveOptions): Promise<DnsAnswer<T>> {
    this.asked.set(name, (this.asked.get(name) ?? 0) + 1);
    await new Promise((r) => setTimeout(r, this.delayMs));
    return this.answer(name, type) as DnsAnswer<T>;
  }
}

describe("parseRedisUrl", () => {
  it.each([
    ["redis://127.0.0.1:6379", { ok: true, url: "redis://127.0.0.1:6379" }],
    ["rediss://user:pw@cache.example:6380/2", { ok: true, url: "rediss://user:pw@cache.example:6380/2" }],
    [
      "127.0.0.1:6379",
      { ok: false, error: '"127.0.0.1:6379" is not a URL (write redis://HOST:PORT, e.g. redis://127.0.0.1:6379)' },
    ],
    ["localhost:6379", { ok: false, error: '"localhost:6379" is not a redis:// or rediss:// URL' }],
    ["http://x", { ok: false, error: '"http://x" is not a redis:// or rediss:// URL' }],
    ["redis://h/x", { ok: false, error: '"x" is not a Redis database number' }],
    [
      "not a url",
      { ok: false, error: '"not a url" is not a URL (write redis://HOST:PORT, e.g. redis://127.0.0.1:6379)' },
    ],
  ])("%j", (text, expected) => {
    expect(parseRedisUrl(text)).toEqual(expected);
  });
});

describe("stored results", () => {
  it("read back as they were stored", () => {
    const results: DomainResult[] = [
      { domain: "a.example", status: "checked", report: checkReport("a.example") },
      { domain: "b.example", status: "not-checked", reason: "deadline", attempts: 3 },
    ];
    for (const r of results) expect(decodeResult(encodeResult(r), r.domain)).toEqual(r);
    // Another domain's result is not this one's.
    expect(decodeResult(encodeResult(results[1]!), "c.example")).toBeUndefined();
  });

  it("anything else reads as nothing, never a throw", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.jsonValue(),
          fc.string().map((s) => `z1:${s}`),
        ),
        (value) => {
          expect(decodeResult(value, "a.example")).toBeUndefined();
        },
      ),
    );
  });
});

const servers = requireBinary("redis-server", "redis-server");

describe.runIf(servers)("with a redis-server", () => {
  let server: RunningRedis;
  let redis: Redis;
  beforeAll(async () => {
    server = await startRedis();
    redis = connectRedis(server.url, "cache");
    expect(await redisReady(redis)).toBe(true);
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });

  describe("RedisDnsCache", () => {
    it("asks a name once for several workers asking at once, and shares the answer", async () => {
      const upstream = new CountingResolver((n) => recordsAnswer(n, "TXT", [["v=spf1 -all"]], 300));
      const workers = [0, 1, 2].map(() => new RedisDnsCache(upstream, redis, { namespace: "c1", pollMs: 5 }));
      const answers = await Promise.all(
        workers.flatMap((w) => [w.resolve("spf.provider.example", "TXT"), w.resolve("spf.provider.example", "TXT")]),
      );
      expect(upstream.asked.get("spf.provider.example")).toBe(1);
      for (const a of answers) expect(a.records).toEqual([["v=spf1 -all"]]);
      const later = await workers[2]!.resolve("SPF.Provider.Example.", "TXT");
      expect(later.status).toBe("ok");
      expect(upstream.asked.get("spf.provider.example")).toBe(1);
    });

    it("keeps answers for their TTL, negative ones within RFC 2308 bounds, and never shares failures", async () => {
      const upstream = new CountingResolver((n, t) => {
        if (n.startsWith("ok.")) return recordsAnswer(n, t, ["192.0.2.1"], 120);
        if (n.startsWith("nx.")) return failedAnswer(n, t, "nxdomain", undefined, { ttl: 5 });
        if (n.startsWith("long-nx.")) return failedAnswer(n, t, "nxdomain", undefined, { ttl: 864_000 });
        return failedAnswer(n, t, "servfail", "upstream said SERVFAIL");
      }, 1);
      const cache = new RedisDnsCache(upstream, redis, { namespace: "c2" });
      for (const name of ["ok.example", "nx.example", "long-nx.example", "fail.example"])
        await cache.resolve(name, "A");
      const ttl = async (name: string) => redis.pttl(cache.key(name, "A"));
      expect(await ttl("ok.example")).toBeGreaterThan(119_000);
      expect(await ttl("ok.example")).toBeLessThanOrEqual(120_000);
      expect(await ttl("nx.example")).toBeGreaterThan(59_000); // at least 60 s
      expect(await ttl("long-nx.example")).toBeLessThanOrEqual(10_800_000); // at most 3 h
      expect(await ttl("fail.example")).toBe(-2); // not stored
      await cache.resolve("fail.example", "A");
      expect(upstream.asked.get("fail.example")).toBe(2);
      // The TTL a reader sees is what is left, not the original.
      await redis.pexpire(cache.key("ok.example", "A"), 30_000);
      expect((await cache.resolve("ok.example", "A")).ttl).toBe(30);
    });

    it("asks upstream when Redis is gone (the cache never fails a question)", async () => {
      const dead = connectRedis("redis://127.0.0.1:1", "cache", 200);
      const upstream = new CountingResolver((n, t) => recordsAnswer(n, t, ["192.0.2.1"], 60), 1);
      const cache = new RedisDnsCache(upstream, dead, { namespace: "c3" });
      const answer = await cache.resolve("x.example", "A");
      expect(answer.status).toBe("ok");
      expect(cache.stats().redisErrors).toBeGreaterThan(0);
      dead.disconnect();
    });
  });

  describe("RateLimitedResolver", () => {
    it("lets `perSecond` questions through per window, shared by every worker; the rest wait for the next", async () => {
      let now = 5_000_000; // a fixed clock: one window until it moves
      const upstream = new CountingResolver((n, t) => recordsAnswer(n, t, ["192.0.2.1"], 60), 0);
      const options = { perSecond: 10, upstream: "udp://192.0.2.53:53", namespace: "r1", now: () => now };
      const a = new RateLimitedResolver(upstream, redis, options);
      const b = new RateLimitedResolver(upstream, redis, options);
      let done = 0;
      const all = Array.from({ length: 15 }, (_, i) =>
        (i % 2 ? a : b).resolve(`q${i}.example`, "A").then((answer) => {
          done++;
          return answer;
        }),
      );
      await new Promise((r) => setTimeout(r, 300));
      expect(done).toBe(10);
      now += 1000; // the next window
      const answers = await Promise.all(all);
      expect(done).toBe(15);
      expect(answers.every((x) => x.status === "ok")).toBe(true);
      expect(a.waits + b.waits).toBeGreaterThan(0);
    });

    it("a question whose signal aborts while it waits is not asked", async () => {
      const upstream = new CountingResolver((n, t) => recordsAnswer(n, t, ["192.0.2.1"], 60), 0);
      const limited = new RateLimitedResolver(upstream, redis, {
        perSecond: 1,
        upstream: "u",
        namespace: "r2",
        now: () => 7_000_000,
      });
      await limited.resolve("first.example", "A");
      const stop = new AbortController();
      const pending = limited.resolve("second.example", "A", { signal: stop.signal });
      stop.abort(new Error("deadline"));
      expect((await pending).status).toBe("error");
      expect(upstream.asked.has("second.example")).toBe(false);
    });
  });

  describe("enqueue, retries, collect", () => {
    it("adding a domain twice queues it once", async () => {
      const opened = await openQueue(server.url, "q-idem");
      if (!opened.ok) throw new Error(opened.error);
      const q = opened.open.queue;
      try {
        const inputs = [
          { domain: "a.example" },
          { domain: "b.example" },
          { domain: "bad", problem: "not a domain name" },
        ];
        const first = await enqueueDomains(q, inputs);
        expect(first).toMatchObject({ submitted: 2, invalidCount: 1 });
        await enqueueDomains(q, inputs);
        expect(await queueStatus(q)).toMatchObject({ waiting: 2 });
      } finally {
        await opened.open.close();
      }
    });

    it("a domain that keeps failing is retried with backoff, then stored 'not checked' with the reason", async () => {
      const opened = await openQueue(server.url, "q-retry");
      if (!opened.ok) throw new Error(opened.error);
      const q = opened.open.queue;
      const tries = new Map<string, number>();
      const worker = await startWorker({
        redisUrl: server.url,
        queueName: "q-retry",
        resolver: new CountingResolver((n, t) => recordsAnswer(n, t, ["192.0.2.1"], 60), 0),
        upstream: "test",
        concurrency: 4,
        check: async (domain: string): Promise<AuditReport> => {
          tries.set(domain, (tries.get(domain) ?? 0) + 1);
          if (domain === "flaky.example" && (tries.get(domain) ?? 0) < 2) throw new Error("SERVFAIL storm");
          if (domain === "broken.example") throw new Error("resolver exploded");
          return checkReport(domain, []);
        },
      });
      try {
        await enqueueDomains(q, [{ domain: "ok.example" }, { domain: "flaky.example" }, { domain: "broken.example" }], {
          attempts: 3,
          backoffMs: 10,
        });
        await worker.drained(100);
        const results: DomainResult[] = [];
        await collectResults(q, (r) => {
          results.push(r);
        });
        const byDomain = Object.fromEntries(results.map((r) => [r.domain, r]));
        expect(byDomain["ok.example"]?.status).toBe("checked");
        expect(byDomain["flaky.example"]?.status).toBe("checked");
        expect(byDomain["broken.example"]).toEqual({
          domain: "broken.example",
          status: "not-checked",
          reason: "resolver exploded",
          attempts: 3,
        });
        expect(tries.get("broken.example")).toBe(3);
        expect(worker.stats()).toMatchObject({ stored: 3, retried: 3 });
      } finally {
        await worker.close();
        await opened.open.close();
      }
    });

    it("collect reports a failed job (a worker died too often) as 'not checked', each job once, and --remove empties", async () => {
      const opened = await openQueue(server.url, "q-failed");
      if (!opened.ok) throw new Error(opened.error);
      const q = opened.open.queue;
      try {
        await enqueueDomains(q, [{ domain: "dead.example" }], { attempts: 1 });
        // A job BullMQ itself failed (as it fails one whose worker died too often).
        const connection = connectRedis(server.url, "queue");
        const raw = new Worker(
          "q-failed",
          async () => {
            throw new Error("job stalled more than allowable limit");
          },
          { connection },
        );
        await new Promise((resolve) => raw.once("failed", resolve));
        await raw.close();
        connection.disconnect();
        const run = await cli(["queue", "collect", "--redis", server.url, "--queue", "q-failed", "--remove"], {
          cwd: process.cwd(),
        });
        expect(JSON.parse(run.stdout)).toMatchObject({
          domain: "dead.example",
          status: "not-checked",
          reason: "job stalled more than allowable limit",
        });
        expect(run.code).toBe(1);
        expect(run.stderr).toContain("removed 1 collected job from q-failed");
        expect(await queueStatus(q)).toMatchObject({ failed: 0, completed: 0 });
      } finally {
        await opened.open.close();
      }
    });
  });

  describe("the queue commands", () => {
    it.each([
      [
        ["queue", "status", "--redis", "localhost:6379"],
        'error: --redis: "localhost:6379" is not a redis:// or rediss:// URL\n',
      ],
      [["queue", "add", "--redis", "redis://127.0.0.1:6379"], "error: give domains, or --domains-file FILE\n"],
      // The worker checks its rule ids as check does, before it connects.
      [
        ["worker", "--redis", "redis://127.0.0.1:1", "--rules", "spf-mising"],
        'error: unknown rule id: spf-mising (did you mean "spf-missing"?)\n',
      ],
      [
        ["worker", "--redis", "redis://127.0.0.1:1", "--rules", ""],
        "error: --rules names no rule: give rule ids (docs/rules lists them)\n",
      ],
    ])("exit 2 on %j", async (argv, message) => {
      const r = await cli(argv, { cwd: process.cwd() });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(message);
    });

    it("exit 2, quickly, when Redis does not answer", async () => {
      const started = Date.now();
      const r = await cli(["queue", "status", "--redis", "redis://127.0.0.1:1"], { cwd: process.cwd() });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^error: cannot reach Redis at redis:\/\/127\.0\.0\.1:1: /);
      expect(Date.now() - started).toBeLessThan(10_000);
    });
  });
});
