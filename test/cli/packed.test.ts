import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installPacked, packedTarball } from "../helpers/packed.ts";

/**
 * The command works from `npx email-auth-audit` after `npm pack` and an install of the tarball into
 * an empty folder. The install is `npm ci --offline` with a lockfile made from this checkout's
 * (installPacked): npm takes every dependency from its cache (filled by `npm ci`), so the test needs
 * no network. The package is packed from a copy of the checkout, so
 * that its build (`prepack`) cannot race another test packing the checkout itself.
 */
const root = resolve(import.meta.dirname, "../..");
const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
let dir: string;
let consumer: string;

function npx(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync("npx", ["--no-install", "email-auth-audit", ...args], {
    cwd: consumer,
    encoding: "utf8",
    env: { ...process.env, npm_config_loglevel: "error", NO_COLOR: "1", ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("the packed command (npm pack, npm install into an empty folder, npx)", () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "eaa-packed-"));
    const tarball = await packedTarball();
    consumer = join(dir, "consumer");
    mkdirSync(consumer);
    installPacked(consumer, tarball);
  }, 180_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("prints its version and help", () => {
    expect(npx(["--version"])).toMatchObject({ code: 0, stdout: `${version}\n` });
    const help = npx(["check", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--domains-file <file>");
  });

  it("exits 2 on a usage error", () => {
    const r = npx(["audit", "--org", "missing.json"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: cannot read the organisation file missing.json: no such file\n");
  });

  it("runs the demo from the installed package: both bundled examples, offline, at 100 columns", () => {
    const r = npx(["demo"], { COLUMNS: "" });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^email-auth-audit \S+ · audit of Contoso · 2026-11-23T09:00:00\.000Z\n/);
    // The month of DMARC reports (fixtures/examples/contoso/dmarc-reports.zip.gz) and the HTTPS
    // fixture (dns.https.json: the MTA-STS policy) ship with the package.
    expect(r.stdout).toContain("Senders in DMARC reports (2026-10-24 to 2026-11-22: 179 reports from 3 reporters");
    expect(r.stdout).toContain("MTA-STS: enforce, id 20261101T000000");
    expect(r.stdout).toContain("[smarthost-not-authorized] contoso.example · path onprem-via-relay");
    // The Exchange example (fixtures/examples/fabrikam-exchange) too.
    expect(r.stdout).toContain(`email-auth-audit ${version} · audit of Fabrikam`);
    expect(r.stdout).toContain("[exchange-anonymous-relay] fabrikam.example");
    expect(Math.max(...r.stdout.split("\n").map((l) => [...l].length))).toBeLessThanOrEqual(100);
  });

  it("audits the bundled example organisation offline", () => {
    const example = join(consumer, "node_modules/email-auth-audit/fixtures/examples/contoso");
    const r = npx(["audit", "--org", join(example, "org.json"), "--resolver", `fixture:${join(example, "dns.json")}`]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("onprem-via-relay");
  });
});
