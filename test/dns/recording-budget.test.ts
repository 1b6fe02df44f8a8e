import { describe, expect, it } from "vitest";
import { QueryBudgetResolver } from "../../src/dns/budget.ts";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import { validateFixture } from "../../src/dns/fixture/validate.ts";
import { RecordingResolver } from "../../src/dns/recording.ts";
import type { DnsAnswer, RRType } from "../../src/dns/types.ts";

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
