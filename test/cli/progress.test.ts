import { describe, expect, it } from "vitest";
import { duration, progressReporter, summaryLine } from "../../src/cli/progress.ts";
import { summariseBulk } from "../../src/report/bulk-types.ts";
import { checkReport } from "../report/samples.ts";

function stream(isTTY: boolean) {
  let out = "";
  return { s: { write: (c: string) => (out += c), isTTY }, out: () => out };
}

describe("bulk progress", () => {
  it("on a terminal: redrawn in place, throttled, always the last count, control characters escaped, cleared", () => {
    const { s, out } = stream(true);
    let t = 0;
    const p = progressReporter(s, 3, { now: () => t, redrawMs: 80 });
    t = 1000;
    p.update(1, "a.example");
    t = 1010;
    p.update(2, "b.example"); // within the interval: skipped
    t = 1500;
    p.update(3, "c\u001b[31m.example"); // the last one always shows
    p.finish();
    expect(out()).toBe(
      "\r\u001b[2Kchecking 1/3 1.0/s ETA 2 s a.example\r\u001b[2Kchecking 3/3 2.0/s ETA 0 s c\\u{1b}[31m.example\r\u001b[2K",
    );
  });

  it("without a terminal: a plain line every N domains or every so many seconds, never two too close", () => {
    const { s, out } = stream(false);
    let t = 0;
    const p = progressReporter(s, 100_000, { now: () => t, everyDomains: 5000, everyMs: 30_000, minGapMs: 2000 });
    t = 1000;
    p.update(4999, "x"); // not yet 5,000 more
    t = 23_585;
    p.update(5000, "x"); // 5,000 more: a line
    t = 24_000;
    p.update(10_000, "x"); // 5,000 more, but too soon after the last line
    t = 60_000;
    p.update(10_001, "x"); // 30 s since the last line
    t = 61_000;
    p.update(100_000, "x"); // the end: the summary line says it
    p.finish();
    expect(out()).toBe("checked 5,000 of 100,000, 212/s, ETA 7 min\nchecked 10,001 of 100,000, 167/s, ETA 9 min\n");
  });

  it.each([
    [0, "0 s"],
    [44_600, "45 s"],
    [7 * 60_000, "7 min"],
    [125 * 60_000, "2 h 5 min"],
  ])("duration(%i) is %s", (ms, text) => {
    expect(duration(ms)).toBe(text);
  });

  it("ends every run with one summary line", () => {
    const results = [
      { domain: "a.example", status: "checked" as const, report: checkReport("a.example", ["error", "warning"]) },
      { domain: "b.example", status: "not-found" as const, reason: "gone" },
      { domain: "c.example", status: "not-checked" as const, reason: "deadline" },
    ];
    const summary = summariseBulk(results, 1500);
    expect(summaryLine(summary)).toBe(
      "checked 3 domains in 2 s (2.0/s): 0 pass, 1 warn, 0 fail, 1 not found, 1 not checked; 0 errors, 2 warnings, 0 info\n",
    );
    expect(summaryLine(summary, { carried: 2, stopped: true })).toBe(
      "stopped after 3 domains, 2 of them from the earlier run in 2 s (0.7/s): 0 pass, 1 warn, 0 fail, 1 not found, 1 not checked; 0 errors, 2 warnings, 0 info\n",
    );
  });
});
