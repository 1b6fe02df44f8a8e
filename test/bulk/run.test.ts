import { describe, expect, it } from "vitest";
import type { AuditReport } from "../../src/audit/report-types.ts";
import { checkDomains, runBulk } from "../../src/bulk/run.ts";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import type { DomainResult } from "../../src/report/bulk-types.ts";
import { checkReport } from "../report/samples.ts";

const options = { resolver: new FixtureResolver({ version: 1, records: {} }) };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("runBulk", () => {
  it("hands each result over once, one at a time, with its input position; keeps only counts", async () => {
    const seen: string[] = [];
    let delivering = 0;
    const outcome = await runBulk(["c.example", "a.example", "b.example"], {
      check: async (d) => {
        await sleep(d === "c.example" ? 100 : 1);
        return checkReport(d, []);
      },
      options,
      concurrency: 3,
      onResult: async (result, index, summary) => {
        delivering++;
        expect(delivering).toBe(1); // never two at once: a writer sees results one by one
        await sleep(2);
        seen.push(`${index}:${result.domain}:${summary.domains}`);
        delivering--;
      },
    });
    expect(seen.sort()).toEqual(["0:c.example:3", "1:a.example:1", "2:b.example:2"].sort());
    expect(outcome).toMatchObject({ stopped: false, summary: { domains: 3, checked: 3, status: { pass: 3 } } });
  });

  it("waits for `admit` before each check: a gate holds new checks while the ones in flight run", async () => {
    let running = 0;
    let most = 0;
    let open = false;
    const counts: number[] = [];
    const outcome = await runBulk(["a.example", "b.example", "c.example", "d.example"], {
      check: async (d) => {
        running++;
        most = Math.max(most, running);
        await sleep(5);
        running--;
        open = true;
        return checkReport(d, []);
      },
      options,
      concurrency: 4,
      rampMs: 0,
      // The first check goes; the gate then stays closed until a check has finished.
      admit: async (inFlight) => {
        counts.push(inFlight());
        if (counts.length === 1) return;
        while (!open) await sleep(1);
      },
    });
    expect(outcome.summary.checked).toBe(4);
    expect(counts).toHaveLength(4);
    expect(counts[0]).toBe(0);
    expect(most).toBeLessThan(4);
  });

  it("reads an async iterable lazily: never more than `concurrency` inputs taken ahead of the results", async () => {
    let taken = 0;
    let finished = 0;
    let maxAhead = 0;
    async function* inputs() {
      for (let i = 0; i < 50; i++) {
        taken++;
        maxAhead = Math.max(maxAhead, taken - finished);
        yield `d${i}.example`;
      }
    }
    await runBulk(inputs(), {
      check: async (d) => {
        await sleep(1);
        return checkReport(d, []);
      },
      options,
      concurrency: 4,
      onResult: () => {
        finished++;
      },
    });
    expect(finished).toBe(50);
    expect(maxAhead).toBeLessThanOrEqual(4);
  });

  it("stops handing out domains when its signal aborts; checks cut short are not reported", async () => {
    const stop = new AbortController();
    const results: DomainResult[] = [];
    const outcome = await runBulk(
      Array.from({ length: 100 }, (_, i) => `d${i}.example`),
      {
        check: (d, o) =>
          new Promise<AuditReport>((resolve, reject) => {
            const timer = setTimeout(() => resolve(checkReport(d, [])), 5);
            o.signal?.addEventListener("abort", () => {
              clearTimeout(timer);
              reject(new Error("aborted"));
            });
          }),
        options,
        concurrency: 2,
        signal: stop.signal,
        onResult: (r) => {
          results.push(r);
          if (results.length === 5) stop.abort(new Error("interrupted"));
        },
      },
    );
    expect(outcome.stopped).toBe(true);
    expect(results.length).toBeGreaterThanOrEqual(5);
    expect(results.length).toBeLessThan(10);
    expect(results.every((r) => r.status === "checked")).toBe(true);
    expect(outcome.summary.domains).toBe(results.length);
  });

  it("stops and rejects when the result cannot be taken (a full disk), without checking the rest", async () => {
    let checked = 0;
    const run = runBulk(
      Array.from({ length: 100 }, (_, i) => `d${i}.example`),
      {
        check: async (d) => {
          checked++;
          await sleep(1);
          return checkReport(d, []);
        },
        options,
        concurrency: 2,
        onResult: () => {
          throw new Error("ENOSPC: no space left on device");
        },
      },
    );
    await expect(run).rejects.toThrow("ENOSPC");
    await sleep(20);
    expect(checked).toBeLessThanOrEqual(3);
  });
});

describe("checkDomains (in memory)", () => {
  it("returns a BulkReport, entries in input order, whatever order the checks finish in", async () => {
    const done: number[] = [];
    const bulk = await checkDomains(
      ["slow.example", "ok.example", { domain: "bad name", line: 3, problem: "not a domain name" }],
      {
        check: async (d) => {
          await sleep(d === "slow.example" ? 20 : 1);
          return checkReport(d, []);
        },
        options,
        concurrency: 4,
        version: "9.9.9",
        onDone: (_r, n) => done.push(n),
      },
    );
    expect(bulk.entries.map((e) => `${e.domain}:${e.status}`)).toEqual([
      "slow.example:checked",
      "ok.example:checked",
      "bad name:not-checked",
    ]);
    expect(done).toEqual([1, 2, 3]);
    expect(bulk).toMatchObject({ version: 2, kind: "bulk", tool: { version: "9.9.9" } });
    expect(bulk.summary).toMatchObject({ domains: 3, checked: 2, notChecked: 1 });
  });

  it("handles an empty list", async () => {
    const bulk = await checkDomains([], { check: async (d) => checkReport(d, []), options });
    expect(bulk.entries).toEqual([]);
    expect(bulk.summary.domains).toBe(0);
  });
});
