/**
 * Import cost of the library's entry points: wall time and modules loaded for a cold
 * `import()` of each, each in a fresh Node process (so that nothing is cached). Message
 * verification (mailauth) must load only with `email-auth-audit/message`, never with the root.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const ENTRIES = ["src/index.ts", "src/spf/index.ts", "src/dkim/index.ts", "src/dmarc/index.ts", "src/message/index.ts"];
const RUNS = 5;
const root = fileURLToPath(new URL("..", import.meta.url));

/** The child: counts every module Node loads (sync hooks), then imports the entry and reports. */
const CHILD = `
import { registerHooks } from "node:module";
import { performance } from "node:perf_hooks";
let modules = 0, mailauth = 0;
registerHooks({ load(url, context, next) { modules++; if (url.includes("/node_modules/mailauth/")) mailauth++; return next(url, context); } });
const start = performance.now();
await import(process.argv[1]);
const ms = performance.now() - start;
process.stdout.write(JSON.stringify({ ms, modules, mailauth }));
`;

function measure(entry: string): { ms: number; modules: number; mailauth: number } | undefined {
  const url = new URL(entry, `file://${root}/`).href;
  const times: number[] = [];
  let last: { ms: number; modules: number; mailauth: number } | undefined;
  for (let i = 0; i < RUNS; i++) {
    const r = spawnSync(process.execPath, ["--no-warnings", "--input-type=module", "-e", CHILD, url], {
      encoding: "utf8",
      cwd: root,
    });
    if (r.status !== 0) return undefined;
    last = JSON.parse(r.stdout) as { ms: number; modules: number; mailauth: number };
    times.push(last.ms);
  }
  if (last === undefined) return undefined;
  times.sort((a, b) => a - b);
  return { ...last, ms: times[Math.floor(times.length / 2)] ?? last.ms };
}

console.log(`cold import(), median of ${RUNS} fresh processes`);
console.log("entry                  ms    modules  mailauth modules");
for (const entry of ENTRIES) {
  const m = measure(entry);
  if (m === undefined) console.log(`${entry.padEnd(22)} (not present)`);
  else
    console.log(
      `${entry.padEnd(22)} ${m.ms.toFixed(0).padStart(5)} ${String(m.modules).padStart(8)} ${String(m.mailauth).padStart(9)}`,
    );
}
