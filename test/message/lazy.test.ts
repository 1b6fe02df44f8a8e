/**
 * Message verification sits above the protocol modules and loads mailauth only when used (issue 12
 * §1, issue 17 §2): importing the library, or any protocol subpath, loads no mailauth module; the
 * first verifyMessage() call does. The protocol modules import none of each other.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** Imports `entry` in a fresh Node process, optionally calls verifyMessage, and counts mailauth modules loaded. */
function mailauthModules(entry: string, verify: boolean): number {
  const child = `
import { registerHooks } from "node:module";
let n = 0;
registerHooks({ load(url, c, next) { if (url.includes("/node_modules/mailauth/")) n++; return next(url, c); } });
const m = await import(${JSON.stringify(new URL(entry, `file://${root}`).href)});
if (${verify}) await m.verifyMessage("From: a@example.org\\r\\n\\r\\nhi", { resolver: { resolve: async (name, type) => ({ name, type, status: "nxdomain", records: [], ttl: 0, cnameChain: [] }) } });
process.stdout.write(String(n));`;
  const r = spawnSync(process.execPath, ["--no-warnings", "--input-type=module", "-e", child], {
    encoding: "utf8",
    cwd: root,
  });
  expect(r.stderr).toBe("");
  return Number(r.stdout);
}

describe("mailauth loads lazily", () => {
  it.each(["src/index.ts", "src/spf/index.ts", "src/dkim/index.ts", "src/dmarc/index.ts", "src/message/index.ts"])(
    "import(%s) loads no mailauth module",
    (entry) => {
      expect(mailauthModules(entry, false)).toBe(0);
    },
  );

  it("the first verifyMessage() call loads it", () => {
    expect(mailauthModules("src/message/index.ts", true)).toBeGreaterThan(10);
  });
});

describe("layers: the protocol modules import none of each other, nor message verification", () => {
  const protocols = ["spf", "dkim", "dmarc"];
  it.each(protocols)("src/%s imports only common, dns and itself", (area) => {
    const dir = `${root}src/${area}/`;
    const wrong: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
      const source = readFileSync(dir + file, "utf8");
      for (const [, spec] of source.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)) {
        if (spec === undefined || !spec.startsWith("..")) continue;
        const target = spec.split("/")[1];
        if (target !== "common" && target !== "dns") wrong.push(`${file}: ${spec}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("src/message imports no layer above it", () => {
    const dir = `${root}src/message/`;
    const allowed = new Set(["common", "dns", "spf", "dkim", "dmarc"]);
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
      const source = readFileSync(dir + file, "utf8");
      for (const [, spec] of source.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)) {
        if (spec === undefined || !spec.startsWith("..")) continue;
        expect(allowed.has(spec.split("/")[1] ?? ""), `${file}: ${spec}`).toBe(true);
      }
    }
  });
});
