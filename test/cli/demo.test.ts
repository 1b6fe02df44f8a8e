import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { displayWidth } from "../../src/report/text-width.ts";

const root = join(import.meta.dirname, "../..");

/** `email-auth-audit demo` from the checkout, as `npm run demo` runs it, not on a terminal. */
function demo(env: Record<string, string> = {}) {
  const base = { ...process.env };
  delete base.COLUMNS;
  delete base.FORCE_COLOR;
  return spawnSync(process.execPath, ["--no-warnings", join(root, "src/cli/bin.ts"), "demo"], {
    encoding: "utf8",
    env: { ...base, NO_COLOR: "1", ...env },
  });
}

let out: ReturnType<typeof demo>;
beforeAll(() => {
  out = demo();
}, 60_000);

describe("email-auth-audit demo (npm run demo)", () => {
  it("audits the bundled example offline and shows the realistic breakage with its fixes", () => {
    expect(out.stderr).toBe("");
    expect(out.status).toBe(0);
    // A smart host IP missing from SPF, with the record to publish (wrapped at 100 columns).
    expect(out.stdout).toContain("[smarthost-not-authorized] contoso.example · path onprem-via-relay");
    expect(out.stdout).toContain(
      "            v=spf1 ip4:198.51.100.0/28 include:spf.protection.outlook.com ip4:203.0.113.25\n            ip6:2001:db8:25::25 -all",
    );
    // An unaligned bounce domain (SendGrid's default), with the custom return path to set up.
    expect(out.stdout).toContain("[spf-unaligned] news.contoso.example · path newsletters");
    expect(out.stdout).toMatch(/Set up a custom MAIL FROM domain in Twilio SendGrid/);
    expect(out.stdout).toMatch(/Result: FAIL · 4 paths \(2 pass, 2 fragile, 0 fail\)/);
    // Where to read on, as links that work from an installed package.
    expect(out.stdout).toContain(
      "  the description: https://github.com/email-auth-audit/email-auth-audit/blob/main/docs/org.md",
    );
  });

  it("then audits the Fabrikam organisation derived from its Exchange exports, with them", () => {
    const second = out.stdout.slice(
      out.stdout.indexOf("Second example: an organisation derived from its Exchange Server exports"),
    );
    expect(second.replace(/\n/g, " ")).toMatch(
      /^Second example: an organisation derived from its Exchange Server exports, as `email-auth-audit init --exchange` writes it \(2 domains, 2 paths\), audited with the exports \(`audit --exchange`\)\. The exports: 6 files in .*fabrikam-exchange\/exports\/ /,
    );
    expect(second).toContain("email-auth-audit 0.1.0 · audit of Fabrikam · 2026-11-23T09:00:00.000Z");
    expect(second).toMatch(/Result: FAIL · 4 paths \(0 pass, 2 fragile, 2 fail\)/);
    for (const finding of [
      '[exchange-anonymous-relay] fabrikam.example\n      Receive connector "FAB-EX1\\Default Frontend FAB-EX1" grants anonymous relay',
      '[exchange-smarthost-cleartext-auth] fabrikam.example\n      Send connector "Partners via ISP relay" authenticates to relay.isp.example',
      "[exchange-helo-not-fcrdns] mail.fabrikam.example",
      "[exchange-helo-no-spf] mail.fabrikam.example",
      "[exchange-auto-forward-external] fabrikam.example",
      "[smarthost-not-authorized] fabrikam.example · path partners-via-isp-relay",
    ])
      expect(second).toContain(finding);
    expect(second).toContain('Get-ReceiveConnector "FAB-EX1\\Default Frontend FAB-EX1" (GetReceiveConnector.xml)');
  });

  it("fits 100 columns when not on a terminal and COLUMNS is unset, and COLUMNS when it is set", () => {
    const widest = (text: string) => Math.max(...text.split("\n").map(displayWidth));
    expect(widest(out.stdout)).toBe(100);
    const narrow = demo({ COLUMNS: "60" });
    expect(narrow.status).toBe(0);
    expect(widest(narrow.stdout)).toBeLessThanOrEqual(60);
    expect(narrow.stdout).toContain(
      "Sending paths\n  onprem-via-relay\n    FROM: contoso.example   VIA: smart host edge-relay\n",
    );
  });

  it("colours with FORCE_COLOR even when not on a terminal, and not with FORCE_COLOR=0", () => {
    const forced = demo({ FORCE_COLOR: "1" });
    expect(forced.stdout).toContain("\u001b[31m");
    expect(forced.stdout.replace(/\u001b\[[0-9;]*m/g, "")).toBe(out.stdout);
    expect(demo({ FORCE_COLOR: "0" }).stdout).not.toContain("\u001b[");
  });

  it("is what the README shows (regenerate with scripts/readme-samples.ts --text-only)", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const blocks = [...readme.matchAll(/```text\n([\s\S]*?)\n```/g)].map((m) => m[1] ?? "");
    expect(blocks).toHaveLength(2);
    const [beginning = "", finding = ""] = blocks;
    expect(beginning.split("\n").length).toBeGreaterThan(40);
    expect(out.stdout.startsWith(`${beginning}\n`)).toBe(true);
    expect(finding.startsWith("Findings\n  Errors (1)\n")).toBe(true);
    expect(out.stdout).toContain(`\n\n${finding}\n\n  Warnings (`);
    // The README stays readable where it is shown: no line wider than 100 columns but the link
    // definitions (one URL each) and the rows of its tables.
    const prose = readme.split("\n").filter((l) => !/^\[[^\]]+\]: /.test(l) && !l.startsWith("|"));
    expect(prose.filter((l) => displayWidth(l) > 100)).toEqual([]);
  });
});
