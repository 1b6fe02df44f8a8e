/** Measuring the heap a piece of work needs: a full collection first, then the peak sampled while it runs. */
import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

setFlagsFromString("--expose-gc");
/** V8's full garbage collection, made reachable without starting Node with --expose-gc. */
const gc = runInNewContext("gc") as () => void;

/** Runs `work` while sampling the used heap every 2 ms; returns its result and the peak growth in bytes. */
export async function peakHeapGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growth: number }> {
  gc();
  const before = getHeapStatistics().used_heap_size;
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, getHeapStatistics().used_heap_size);
  }, 2);
  try {
    const result = await work();
    peak = Math.max(peak, getHeapStatistics().used_heap_size);
    return { result, growth: peak - before };
  } finally {
    clearInterval(timer);
  }
}
