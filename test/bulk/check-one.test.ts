import { describe, expect, it } from "vitest";
import type { CheckOptions } from "../../src/audit/api.ts";
import type { AuditReport } from "../../src/audit/report-types.ts";
import { checkOne } from "../../src/bulk/check-one.ts";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import { checkReport } from "../report/samples.ts";

const resolver = new FixtureResolver({
  version: 1,
  records: { "here.example": { TXT: ["v=spf1 -all"] }, "alias.example": { CNAME: "gone.example" } },
});
const options: CheckOptions = { resolver };
const asksTxt = async (domain: string, o: CheckOptions): Promise<AuditReport> => {
  await o.resolver.resolve(domain, "TXT");
  return checkReport(domain, []);
};

describe("checkOne", () => {
  it("returns the report of a domain that was checked", async () => {
    const r = await checkOne({ domain: "here.example" }, { check: asksTxt, options });
    expect(r.status).toBe("checked");
  });

  it("calls a domain whose own name is NXDOMAIN 'not found' (RFC 8020), an alias to nowhere 'checked'", async () => {
    expect(await checkOne({ domain: "gone.example" }, { check: asksTxt, options })).toEqual({
      domain: "gone.example",
      status: "not-found",
      reason: "gone.example does not exist (NXDOMAIN)",
    });
    expect((await checkOne({ domain: "alias.example" }, { check: asksTxt, options })).status).toBe("checked");
  });

  it.each([
    ["throws an Error", async () => Promise.reject(new TypeError("bad")), "bad"],
    ["throws a string", async () => Promise.reject("plain string"), "plain string"],
    ["throws nothing useful", async () => Promise.reject(new Error("")), "the check failed"],
    ["returns no report", async () => undefined as unknown as AuditReport, "the check returned no report"],
  ])("a check that %s is 'not checked' with the reason", async (_what, check, reason) => {
    expect(await checkOne({ domain: "x.example" }, { check, options })).toEqual({
      domain: "x.example",
      status: "not-checked",
      reason,
    });
  });

  it("a name that is not a domain is 'not checked' with its line, and never asked", async () => {
    let called = false;
    const r = await checkOne(
      { domain: "not a domain", line: 4, problem: "not a domain name" },
      {
        check: async () => {
          called = true;
          return checkReport("x", []);
        },
        options,
      },
    );
    expect(r).toEqual({
      domain: "not a domain",
      status: "not-checked",
      reason: "not a domain name: not a domain name",
      line: 4,
    });
    expect(called).toBe(false);
  });

  it("gives up at the deadline and aborts the check's signal (a hostile domain cannot hold a worker)", async () => {
    let signal: AbortSignal | undefined;
    const hang = (_d: string, o: CheckOptions) => {
      signal = o.signal;
      return new Promise<AuditReport>(() => {}); // never settles
    };
    const started = performance.now();
    const r = await checkOne({ domain: "hostile.example" }, { check: hang, options, domainTimeoutMs: 50 });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(r).toEqual({
      domain: "hostile.example",
      status: "not-checked",
      reason: "not checked within the deadline of 0.05 s per domain",
    });
    expect(signal?.aborted).toBe(true);
    expect((signal?.reason as Error | undefined)?.message).toBe("the deadline of 0.05 s passed");
  });

  it("passes the caller's signal on: a stopped run cuts the check short", async () => {
    const stop = new AbortController();
    const waitForAbort = (_d: string, o: CheckOptions) =>
      new Promise<AuditReport>((_resolve, reject) =>
        o.signal?.addEventListener("abort", () => reject(new Error("aborted"))),
      );
    const pending = checkOne(
      { domain: "x.example" },
      { check: waitForAbort, options: { ...options, signal: stop.signal } },
    );
    stop.abort(new Error("interrupted"));
    expect(await pending).toEqual({
      domain: "x.example",
      status: "not-checked",
      reason: "the run was stopped: interrupted",
    });
  });
});
