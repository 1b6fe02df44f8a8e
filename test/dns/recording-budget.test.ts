import { describe, expect, it } from "vitest";
import { failedAnswer } from "../../src/dns/answer.ts";
import { QueryBudgetResolver } from "../../src/dns/budget.ts";
import { CachingResolver } from "../../src/dns/cache.ts";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import { validateFixture } from "../../src/dns/fixture/validate.ts";
import { RecordingResolver } from "../../src/dns/recording.ts";
import type { DnsAnswer, ResolveOptions, Resolver, RRType } from "../../src/dns/types.ts";

const source = {
  version: 1,
  records: {
    "contoso.example": {
      TXT: ["v=spf1 include:_spf.contoso.example -all", ["v=verify", "-split"]],
      MX: [{ preference: 10, exchange: "mx.contoso.example" }],
      $ttl: 120,
    },
    "_spf.contoso.example": { TXT: ["v=spf1 ip4:192.0.2.0/24 -all"] },
    "mx.contoso.example": { A: ["192.0.2.25"], AAAA: ["2001:db8::25"] },
    "selector1._domainkey.contoso.example": { CNAME: "sel1.dkim.provider.example" },
    "sel1.dkim.provider.example": { CNAME: "keys.provider.example" },
    "keys.provider.example": { TXT: ["v=DKIM1; p=AAAA"] },
    "dangling._domainkey.contoso.example": { CNAME: "gone.provider.example" },
    "broken.contoso.example": { TXT: { rcode: "SERVFAIL" } },
    "refusing.contoso.example": { TXT: { rcode: "REFUSED" } },
    "slow.contoso.example": { "*": { timeout: true } },
    "nullmx.contoso.example": { MX: [{ preference: 0, exchange: "." }] },
    "caa.contoso.example": { CAA: ['0 issue "ca.example"'] },
  },
};

const questions: [string, RRType][] = [
  ["contoso.example", "TXT"],
  ["contoso.example", "MX"],
  ["contoso.example", "AAAA"],
  ["_spf.contoso.example", "TXT"],
  ["mx.contoso.example", "A"],
  ["mx.contoso.example", "AAAA"],
  ["selector1._domainkey.contoso.example", "TXT"],
  ["selector2._domainkey.contoso.example", "TXT"],
  ["dangling._domainkey.contoso.example", "TXT"],
  ["broken.contoso.example", "TXT"],
  ["refusing.contoso.example", "TXT"],
  ["slow.contoso.example", "TXT"],
  ["nullmx.contoso.example", "MX"],
  ["caa.contoso.example", "CAA"],
  ["_domainkey.contoso.example", "TXT"],
];

const essence = (a: DnsAnswer) => ({
  name: a.name,
  type: a.type,
  status: a.status,
  records: a.records,
  cnameChain: a.cnameChain,
});

describe("RecordingResolver", () => {
  it("records a fixture that replays to the same answers", async () => {
    const recorder = new RecordingResolver(new FixtureResolver(source), {
      now: () => new Date("2026-11-23T10:00:00Z"),
    });
    const live = await Promise.all(questions.map(([n, t]) => recorder.resolve(n, t)));
    const fixture = recorder.toFixture("recorded in a test");
    expect(() => validateFixture(fixture)).not.toThrow();
    expect(fixture).toMatchObject({
      version: 1,
      recordedAt: "2026-11-23T10:00:00.000Z",
      $comment: "recorded in a test",
    });
    const replay = new FixtureResolver(JSON.parse(JSON.stringify(fixture)));
    for (const [i, [name, type]] of questions.entries()) {
      expect(essence(await replay.resolve(name, type)), `${name} ${type}`).toEqual(essence(live[i] as DnsAnswer));
    }
    // TTLs survive as $ttl.
    expect(fixture.records["contoso.example"]?.$ttl).toBe(120);
    expect(recorder.answers).toHaveLength(questions.length);
  });

  it("does not record aborted questions", async () => {
    const recorder = new RecordingResolver(new FixtureResolver(source, { latencyMs: 50 }));
    const controller = new AbortController();
    const pending = recorder.resolve("contoso.example", "TXT", { signal: controller.signal });
    controller.abort();
    await pending;
    expect(recorder.answers).toHaveLength(0);
  });
});

describe("QueryBudgetResolver", () => {
  it("logs every question with its status and counts unique ones", async () => {
    const budget = new QueryBudgetResolver(new FixtureResolver(source));
    await budget.resolve("contoso.example", "TXT");
    await budget.resolve("CONTOSO.example.", "TXT");
    await budget.resolve("slow.contoso.example", "A");
    expect(budget.questions).toBe(3);
    expect(budget.unique).toBe(2);
    expect(budget.log.map((e) => [e.name, e.type, e.status])).toEqual([
      ["contoso.example", "TXT", "ok"],
      ["contoso.example", "TXT", "ok"],
      ["slow.contoso.example", "A", "timeout"],
    ]);
  });

  it("refuses past its budget with a typed error, without asking", async () => {
    let asked = 0;
    const inner = new FixtureResolver(source);
    const counting = {
      resolve: ((n: string, t: string, o?: object) => {
        asked++;
        return inner.resolve(n, t, o);
      }) as FixtureResolver["resolve"],
    };
    const budget = new QueryBudgetResolver(counting, { maxQueries: 2 });
    const answers = await Promise.all([1, 2, 3, 4].map(() => budget.resolve("contoso.example", "MX")));
    expect(answers.map((a) => a.status)).toEqual(["ok", "ok", "error", "error"]);
    expect(answers[2]?.detail).toBe("query budget of 2 questions exhausted; not asked");
    expect(asked).toBe(2);
    expect(budget.refused).toBe(2);
    expect(budget.log.filter((e) => e.refused)).toHaveLength(2);
  });
});

describe("names from input never reach Object.prototype (issue 18 §3)", () => {
  const hostileNames = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "__proto__.example"];

  it("records and replays owners named __proto__, constructor... without polluting Object.prototype", async () => {
    const records: Record<string, unknown> = {};
    for (const name of hostileNames)
      Object.defineProperty(records, name, { value: { TXT: [`txt of ${name}`], A: ["192.0.2.7"] }, enumerable: true });
    // An alias whose target is "__proto__" too.
    Object.defineProperty(records, "alias.example", { value: { CNAME: "__proto__" }, enumerable: true });
    const source = new FixtureResolver({ version: 1, records });
    const recorder = new RecordingResolver(source);
    const asked: [string, RRType][] = [
      ...hostileNames.map((n): [string, RRType] => [n, "TXT"]),
      ["alias.example", "A"],
      ["constructor", "MX"],
    ];
    const live = await Promise.all(asked.map(([n, t]) => recorder.resolve(n, t)));
    expect(live.every((a) => a.status === "ok" || a.status === "nodata")).toBe(true);
    const fixture = recorder.toFixture();
    // Nothing was written onto Object.prototype, and every owner is an own property.
    const probe: Record<string, unknown> = {};
    expect(probe.TXT).toBeUndefined();
    expect(probe.A).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
    for (const name of hostileNames) expect(Object.hasOwn(fixture.records, name.toLowerCase()), name).toBe(true);
    // Replays from the object and from its JSON text alike.
    for (const replay of [new FixtureResolver(fixture), new FixtureResolver(JSON.parse(JSON.stringify(fixture)))]) {
      for (const [i, [name, type]] of asked.entries()) {
        expect(essence(await replay.resolve(name, type)), `${name} ${type}`).toEqual(essence(live[i] as DnsAnswer));
      }
    }
  });

  it("a fixture loaded from JSON text with a __proto__ owner answers for it and pollutes nothing", async () => {
    const text = '{"version":1,"records":{"__proto__":{"TXT":["polluted?"],"$ttl":5},"a.example":{"TXT":["x"]}}}';
    const resolver = new FixtureResolver(JSON.parse(text));
    expect((await resolver.resolve("__proto__", "TXT")).records).toEqual([["polluted?"]]);
    // A type named like an Object.prototype member is just a type the owner does not have.
    expect((await resolver.resolve("a.example", "constructor")).status).toBe("nodata");
    expect((await resolver.resolve("a.example", "$ttl")).status).toBe("nodata");
    expect(({} as Record<string, unknown>).TXT).toBeUndefined();
  });
});

describe("$authenticated in fixtures (the AD bit, optional)", () => {
  const signedFixture = {
    version: 1,
    records: {
      "signed.example": { TXT: ["v=spf1 -all"], $authenticated: true },
      "www.signed.example": { CNAME: "host.unsigned.example", $authenticated: true },
      "alias.signed.example": { CNAME: "signed.example", $authenticated: true },
      "host.unsigned.example": { A: ["192.0.2.1"] },
      "sub.deep.signed.example": { A: ["192.0.2.2"], $authenticated: true },
      "unsigned.example": { TXT: ["x"], $authenticated: false },
    },
  };
  const resolver = new FixtureResolver(signedFixture);
  const table: [name: string, type: RRType, status: string, authenticated: boolean][] = [
    ["signed.example", "TXT", "ok", true],
    ["signed.example", "MX", "nodata", true],
    ["alias.signed.example", "TXT", "ok", true],
    // A chain through an unvalidated owner is not authenticated (RFC 4035 §3.2.3).
    ["www.signed.example", "A", "ok", false],
    // A name that does not exist, and an empty non-terminal: the closest owner above speaks for them.
    ["nothing.signed.example", "TXT", "nxdomain", true],
    ["deep.signed.example", "TXT", "nodata", true],
    ["nothing.unsigned.example", "TXT", "nxdomain", false],
    ["other.example", "TXT", "nxdomain", false],
  ];
  it.each(table)("%s %s → %s, authenticated %s", async (name, type, status, authenticated) => {
    const answer = await resolver.resolve(name, type);
    expect(answer.status).toBe(status);
    expect(answer.authenticated).toBe(authenticated);
  });

  it("a fixture that never says $authenticated gives answers without the field", async () => {
    expect((await new FixtureResolver(source).resolve("contoso.example", "TXT")).authenticated).toBeUndefined();
  });

  it("is validated as a boolean", () => {
    expect(() => validateFixture({ version: 1, records: { "a.example": { $authenticated: "yes" } } })).toThrow(
      /authenticated/,
    );
  });
});

describe("QueryBudgetResolver passes an account down for follow-up questions", () => {
  /** A driver that asks `extra` follow-up questions through the account, like DnsResolver continuing a chain. */
  const chaining = (extra: number): Resolver => ({
    async resolve<T extends RRType>(name: string, type: T, options?: ResolveOptions): Promise<DnsAnswer<T>> {
      let answer = failedAnswer(name, type, "nodata");
      for (let i = 0; i < extra; i++) {
        const target = `hop${i}.example`;
        const ask = async () => failedAnswer(target, type, "nodata") as DnsAnswer<T>;
        answer = await (options?.account ? options.account(target, type, ask) : ask());
        if (answer.status === "error") break;
      }
      return answer as DnsAnswer<T>;
    },
  });

  it("counts and logs follow-ups, and refuses them past the budget with cause budget", async () => {
    const budget = new QueryBudgetResolver(chaining(3), { maxQueries: 3 });
    const answer = await budget.resolve("start.example", "TXT");
    expect(answer).toMatchObject({ status: "error", cause: "budget" });
    expect(budget.questions).toBe(3);
    expect(budget.refused).toBe(1);
    expect(budget.log.map((e) => [e.name, e.followUp === true, e.refused === true])).toEqual([
      ["start.example", false, false],
      ["hop0.example", true, false],
      ["hop1.example", true, false],
      ["hop2.example", true, true],
    ]);
  });

  it("nested budgets each count the follow-ups; a cache in between forwards the account", async () => {
    const inner = new QueryBudgetResolver(chaining(2));
    const outer = new QueryBudgetResolver(new CachingResolver(inner), { maxQueries: 10 });
    await outer.resolve("start.example", "TXT");
    expect(inner.questions).toBe(3);
    expect(outer.questions).toBe(3);
  });
});
