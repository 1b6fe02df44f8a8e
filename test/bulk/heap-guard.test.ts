import { getHeapStatistics } from "node:v8";
import { describe, expect, it } from "vitest";
import { startHeapGuard } from "../../src/bulk/heap-guard.ts";

describe("startHeapGuard", () => {
  it("asks for full collections once the heap passes its budget, and no more once stopped", async () => {
    const guard = startHeapGuard({ budgetMb: 1, intervalMs: 5 });
    const keep: unknown[] = [];
    for (let i = 0; i < 40 && guard.collections === 0; i++) {
      keep.push(Array.from({ length: 20_000 }, (_, k) => ({ k, s: `x${k}` })));
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(guard.collections).toBeGreaterThan(0);
    expect(getHeapStatistics().used_heap_size).toBeGreaterThan(0);
    guard.stop();
    const after = guard.collections;
    await new Promise((r) => setTimeout(r, 50));
    expect(guard.collections).toBe(after);
    guard.stop(); // twice is harmless
    expect(keep.length).toBeGreaterThan(0);
  });

  it("admit: at once under the limit or with nothing in flight; past it, waits for a collection to bring the heap under", async () => {
    const roomy = startHeapGuard({ limitMb: 100_000, intervalMs: 5 });
    await roomy.admit(() => 3);
    expect(roomy.waits).toBe(0);
    roomy.stop();
    const tight = startHeapGuard({ budgetMb: 100_000, limitMb: 0.001, intervalMs: 5 });
    await tight.admit(() => 0); // nothing in flight: never waits forever
    let inFlight = 2;
    const started = performance.now();
    setTimeout(() => {
      inFlight = 0; // the checks in flight finish
    }, 150);
    await tight.admit(() => inFlight);
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
    expect(tight.waits).toBe(2);
    expect(tight.collections).toBeGreaterThan(0);
    tight.stop();
    await tight.admit(() => 5); // stopped: no more waiting
  });
});
