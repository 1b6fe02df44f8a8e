import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");

describe("npm run demo", () => {
  it("audits the bundled example offline and shows the realistic breakage with its fixes", () => {
    const r = spawnSync(process.execPath, ["--no-warnings", join(root, "src/cli/demo.ts")], {
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    // A smart host IP missing from SPF, with the record to publish.
    expect(r.stdout).toContain("[smarthost-not-authorized] contoso.example · path onprem-via-relay");
    expect(r.stdout).toContain(
      "v=spf1 ip4:198.51.100.0/28 include:spf.protection.outlook.com ip4:203.0.113.25 ip6:2001:db8:25::25 -all",
    );
    // An unaligned bounce domain (SendGrid's default), with the custom return path to set up.
    expect(r.stdout).toContain("[spf-unaligned] news.contoso.example · path newsletters");
    expect(r.stdout).toMatch(/Set up a custom MAIL FROM domain in Twilio SendGrid/);
    expect(r.stdout).toMatch(/Result: FAIL · 4 paths \(2 pass, 2 fragile, 0 fail\)/);
  });

  it("then audits the Fabrikam organisation derived from its Exchange exports, with them", () => {
    const r = spawnSync(process.execPath, ["--no-warnings", join(root, "src/cli/demo.ts")], {
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    });
    expect(r.status).toBe(0);
    const second = r.stdout.slice(
      r.stdout.indexOf("Second example: an organisation derived from its Exchange Server exports"),
    );
    expect(second).toMatch(
      /^Second example: .*\(6 files in .*fabrikam-exchange\/exports\/\),\nas `email-auth-audit init --exchange` writes it \(2 domains, 2 paths\)/,
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

  it("is what the README shows (regenerate with scripts/readme-samples.ts)", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const shown = /```text\n([\s\S]*?)\n```/.exec(readme)?.[1] ?? "";
    const r = spawnSync(process.execPath, ["--no-warnings", join(root, "src/cli/demo.ts")], {
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    });
    expect(shown.length).toBeGreaterThan(500);
    expect(r.stdout.startsWith(shown)).toBe(true);
  });
});
