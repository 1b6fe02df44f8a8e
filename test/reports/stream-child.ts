/**
 * Run by hostile.test.ts in a Node process with a small heap: streams `MB` megabytes of records
 * through readAggregateReport and prints the outcome as JSON. If records were kept, the heap
 * limit would end the process.
 */
import { readAggregateReport } from "../../src/reports/aggregate.ts";
import { recordXml, reportHead } from "./helpers.ts";

const target = Number(process.argv[2] ?? 100) * 1024 * 1024;
let produced = 0;
let generated = 0;
async function* source(): AsyncGenerator<Uint8Array> {
  yield Buffer.from(reportHead());
  while (produced < target) {
    let chunk = "";
    for (let i = 0; i < 500; i++) chunk += recordXml(generated++);
    produced += chunk.length;
    yield Buffer.from(chunk);
  }
  yield Buffer.from("</feedback>");
}
let seen = 0;
const r = await readAggregateReport(source(), {
  onRecord: () => {
    seen++;
  },
});
console.log(
  JSON.stringify({
    ok: r.ok,
    recordCount: r.recordCount,
    seen,
    generated,
    produced,
    heap: process.memoryUsage().heapUsed,
  }),
);
