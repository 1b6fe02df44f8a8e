import { describe, expect, it } from "vitest";
import { CachingResolver } from "../../src/dns/cache.ts";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import type { DnsAnswer, ResolveOptions, Resolver, RRType } from "../../src/dns/types.ts";

const fixture = {
  version: 1,
  records: {
    "a.example": { TXT: ["v=spf1 -all"], A: ["192.0.2.1"], $ttl: 60 },
    "short.example": { TXT: ["x"], $ttl: 0 },
    "fail.example": { TXT: { rcode: "SERVFAIL" } },
    "slow.example": { "*": { timeout: true } },
    "zero.example": { TXT: { rcode: "NXDOMAIN" }, $ttl: 0 },
  },
};

/** Counts what reaches the inner resolver. */
class Counting implements Resolver {
  calls: string[] = [];
  readonly inner: Resolver;
  constructor(inner: Resolver) {
    this.inner = inner;
  }
  resolve<T extends RRType>(name: string, type: T, options?: ResolveOptions): Promise<DnsAnswer<T>> {
    this.calls.push(`${name}|${type}`);
    return this.inner.resolve(name, type, options);
  }
}

function setup(options: ConstructorParameters<typeof CachingResolver>[1] = {}, latencyMs = 0) {
  let now = 1_000_000;
  const inner = new Counting(new FixtureResolver(fixture, { latencyMs }));
  const cache = new CachingResolver(inner, { now: () => now, ...options });
  return { inner, cache, advance: (s: number) => (now += s * 1000) };
}

type Step = [what: "ask" | "advance", arg: string | number, expectUpstream: number, expectTtl?: number];
const table: [string, object, Step[]][] = [
  [
    "positive answers live for their TTL",
    {},
    [
      ["ask", "a.example|TXT", 1, 60],
      ["advance", 59, 1],
      ["ask", "a.example|TXT", 1, 1],
      ["advance", 1, 1],
      ["ask", "a.example|TXT", 2, 60],
    ],
  ],
  [
    "names compare case-insensitively",
    {},
    [
      ["ask", "a.example|TXT", 1],
      ["ask", "A.EXAMPLE.|TXT", 1],
    ],
  ],
  [
    "types are separate entries",
    {},
    [
      ["ask", "a.example|TXT", 1],
      ["ask", "a.example|A", 2],
    ],
  ],
  [
    "NXDOMAIN is cached for its negative TTL (RFC 2308 §5)",
    {},
    [
      ["ask", "none.example|TXT", 1, 300],
      ["advance", 299, 1],
      ["ask", "none.example|TXT", 1],
      ["advance", 2, 1],
      ["ask", "none.example|TXT", 2],
    ],
  ],
  [
    "a negative answer without a TTL lives minNegativeTtl",
    {},
    [
      ["ask", "zero.example|TXT", 1, 0],
      ["advance", 59, 1],
      ["ask", "zero.example|TXT", 1],
      ["advance", 2, 1],
      ["ask", "zero.example|TXT", 2],
    ],
  ],
  [
    "maxNegativeTtl caps negative answers",
    { maxNegativeTtl: 5 },
    [
      ["ask", "none.example|TXT", 1],
      ["advance", 6, 1],
      ["ask", "none.example|TXT", 2],
    ],
  ],
  [
    "NODATA is cached",
    {},
    [
      ["ask", "a.example|MX", 1],
      ["ask", "a.example|MX", 1],
    ],
  ],
  [
    "maxTtl caps positive answers",
    { maxTtl: 10 },
    [
      ["ask", "a.example|TXT", 1, 60],
      ["advance", 11, 1],
      ["ask", "a.example|TXT", 2],
    ],
  ],
  [
    "TTL 0 is not cached",
    {},
    [
      ["ask", "short.example|TXT", 1],
      ["ask", "short.example|TXT", 2],
    ],
  ],
  [
    "SERVFAIL is not cached by default",
    {},
    [
      ["ask", "fail.example|TXT", 1],
      ["ask", "fail.example|TXT", 2],
    ],
  ],
  [
    "timeouts are not cached by default",
    {},
    [
      ["ask", "slow.example|TXT", 1],
      ["ask", "slow.example|TXT", 2],
    ],
  ],
  [
    "failures are cached with failureTtl (an audit asks once)",
    { failureTtl: Infinity },
    [
      ["ask", "fail.example|TXT", 1],
      ["advance", 86_400, 1],
      ["ask", "fail.example|TXT", 1],
      ["ask", "slow.example|A", 2],
      ["ask", "slow.example|A", 2],
    ],
  ],
  [
    "keepAll keeps everything, TTL 0 and failures included (a per-audit memo)",
    { keepAll: true },
    [
      ["ask", "short.example|TXT", 1],
      ["ask", "short.example|TXT", 1],
      ["ask", "slow.example|TXT", 2],
      ["advance", 1e9, 2],
      ["ask", "slow.example|TXT", 2],
      ["ask", "a.example|TXT", 3, 60],
      ["ask", "a.example|TXT", 3, 60],
    ],
  ],
  [
    "the least recently used entry is evicted past maxEntries",
    { maxEntries: 2 },
    [
      ["ask", "a.example|TXT", 1],
      ["ask", "a.example|A", 2],
      ["ask", "a.example|TXT", 2],
      ["ask", "a.example|MX", 3],
      ["ask", "a.example|TXT", 3],
      ["ask", "a.example|A", 4],
    ],
  ],
];

describe("CachingResolver", () => {
  it.each(table)("%s", async (_label, options, steps) => {
    const { inner, cache, advance } = setup(options);
    for (const [what, arg, upstream, ttl] of steps) {
      if (what === "advance") advance(arg as number);
      else {
        const [name, type] = (arg as string).split("|") as [string, string];
        const answer = await cache.resolve(name, type);
        if (ttl !== undefined) expect(answer.ttl).toBe(ttl);
      }
      expect(inner.calls.length).toBe(upstream);
    }
  });

  it("sends concurrent identical questions upstream once", async () => {
    const { inner, cache } = setup({}, 30);
    const answers = await Promise.all(Array.from({ length: 25 }, () => cache.resolve("a.example", "TXT")));
    expect(inner.calls).toEqual(["a.example|TXT"]);
    expect(answers.every((a) => a.status === "ok" && a.records[0]?.[0] === "v=spf1 -all")).toBe(true);
    expect(cache.stats()).toMatchObject({ misses: 1, joined: 24 });
  });

  it("shares in-flight failures too, even when failures are not cached", async () => {
    const { inner, cache } = setup({}, 30);
    const answers = await Promise.all([cache.resolve("fail.example", "TXT"), cache.resolve("fail.example", "TXT")]);
    expect(inner.calls).toHaveLength(1);
    expect(answers.map((a) => a.status)).toEqual(["servfail", "servfail"]);
  });

  it("one waiter aborting does not abort the others", async () => {
    const { inner, cache } = setup({}, 50);
    const controller = new AbortController();
    const first = cache.resolve("a.example", "A", { signal: controller.signal });
    const second = cache.resolve("a.example", "A");
    controller.abort();
    expect((await first).status).toBe("error");
    expect((await second).status).toBe("ok");
    expect(inner.calls).toHaveLength(1);
  });

  it("returns copies: a caller mutating an answer does not poison the cache", async () => {
    const { cache } = setup();
    const first = await cache.resolve("a.example", "A");
    first.status = "servfail";
    expect((await cache.resolve("a.example", "A")).status).toBe("ok");
  });

  it("turns a throwing inner resolver into status error", async () => {
    const throwing: Resolver = { resolve: () => Promise.reject(new Error("boom")) };
    const answer = await new CachingResolver(throwing).resolve("a.example", "TXT");
    expect(answer).toMatchObject({ status: "error", detail: "resolver threw: boom" });
  });
});
