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
});
