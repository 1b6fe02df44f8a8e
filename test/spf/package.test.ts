/**
 * The SPF API from the packed package (packed once per run, test/helpers/packed.ts), unpacked as
 * node_modules/email-auth-audit of a scratch folder inside the repository (so that its
 * dependencies resolve from the repository's node_modules), and import it from plain Node.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { packedTarball } from "../helpers/packed.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const scratch = join(root, "tmp", `spf-pack-${process.pid}`);

function run(command: string, args: string[], cwd: string): string {
  const out = spawnSync(command, args, { cwd, encoding: "utf8", timeout: 240_000 });
  if (out.status !== 0)
    throw new Error(`${command} ${args.join(" ")} failed (${out.status}): ${out.stderr}\n${out.stdout}`);
  return out.stdout;
}

describe("the packed package", () => {
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('exports parseSpf, checkHost and analyzeSpf: import { ... } from "email-auth-audit/spf"', async () => {
    const target = join(scratch, "node_modules", "email-auth-audit");
    mkdirSync(target, { recursive: true });
    const tarball = await packedTarball();
    // A package boundary of its own: otherwise Node resolves "email-auth-audit" as a self-reference
    // of the enclosing repository (its package.json and dist/) instead of node_modules.
    writeFileSync(
      join(scratch, "package.json"),
      JSON.stringify({ name: "spf-pack-check", private: true, type: "module" }),
    );
    run("tar", ["-xzf", tarball, "-C", target, "--strip-components=1"], root);
    writeFileSync(
      join(scratch, "check.mjs"),
      `import { parseSpf, checkHost, analyzeSpf, authorizes, SpfCache } from "email-auth-audit/spf";
import { FixtureResolver } from "email-auth-audit";
const resolver = new FixtureResolver({ version: 1, records: { "contoso.example": { TXT: ["v=spf1 ip4:192.0.2.0/24 -all"] } } });
const parsed = parseSpf("v=spf1 ip4:192.0.2.0/24 -all");
const check = await checkHost({ ip: "192.0.2.7", sender: "a@contoso.example" }, { resolver, cache: new SpfCache() });
const analysis = await analyzeSpf("contoso.example", { resolver });
const auth = await authorizes(analysis, "198.51.100.1");
console.log(JSON.stringify({ ok: parsed.ok, result: check.result, pass: analysis.networks.pass.ipv4, auth: auth.result }));
`,
    );
    const output = run(process.execPath, [join(scratch, "check.mjs")], scratch);
    expect(JSON.parse(output)).toEqual({ ok: true, result: "pass", pass: ["192.0.2.0/24"], auth: "fail" });
  }, 300_000);
});
