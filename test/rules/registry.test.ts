import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rules } from "../../src/rules/index.ts";

const root = join(import.meta.dirname, "../..");

describe("rule registry", () => {
  const ids = rules.map((r) => r.meta.id);

  it("holds every rule module in src/rules (a file with a default-exported rule)", () => {
    const modules = readdirSync(join(root, "src/rules"))
      .filter((f) => f.endsWith(".ts"))
      .filter((f) => readFileSync(join(root, "src/rules", f), "utf8").includes("export default "))
      .map((f) => f.replace(/\.ts$/, ""));
    expect([...ids].sort()).toEqual(modules.sort());
  });

  it("has unique, file-named, lower-case hyphenated ids", () => {
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it("includes every rule id the audit issue makes public", () => {
    const contract = [
      "spf-missing",
      "spf-multiple-records",
      "spf-syntax",
      "spf-too-many-lookups",
      "spf-void-lookups",
      "spf-permissive-all",
      "spf-ptr",
      "spf-include-loop",
      "spf-record-too-long",
      "spf-unreachable-terms",
      "smarthost-not-authorized",
      "provider-not-authorized",
      "spf-unaligned",
      "dkim-key-missing",
      "dkim-cname-dangling",
      "dkim-key-weak",
      "dkim-key-revoked",
      "dkim-testing-mode",
      "dkim-unaligned",
      "dmarc-missing",
      "dmarc-syntax",
      "dmarc-multiple-records",
      "dmarc-policy-none",
      "dmarc-pct-partial",
      "dmarc-subdomain-weaker",
      "dmarc-rua-missing",
      "dmarc-report-destination-unauthorized",
      "path-dmarc-fail",
      "path-single-alignment",
      "exchange-online-dkim-not-enabled",
      "parked-domain-unprotected",
      // Issue 14 §3: the Exchange transport rules.
      "exchange-open-relay-domain",
      "exchange-anonymous-relay",
      "exchange-smarthost-cleartext-auth",
      "exchange-starttls-ignored",
      "exchange-smarthost-tls-unverified",
      "exchange-helo-not-fcrdns",
      "exchange-helo-no-spf",
      "exchange-accepted-domain-unprotected",
      "exchange-online-dkim-mismatch",
      "exchange-direct-send-open",
      "exchange-auto-forward-external",
      "exchange-connector-tls-policy-none",
      // Issue 16: transport security.
      "mta-sts-invalid",
      "mta-sts-mx-mismatch",
      "mta-sts-policy-unreachable",
      "tls-rpt-missing",
      "tls-rpt-invalid",
      "dane-tlsa-invalid",
      "dane-unsigned",
      "bimi-invalid",
      "smtp-starttls-missing",
      "smtp-certificate-invalid",
      "smtp-certificate-expiring",
      "smtp-auth-before-tls",
      "smtp-open-relay",
      "smtp-tls-outdated",
    ];
    expect(contract.filter((id) => !ids.includes(id))).toEqual([]);
  });

  it.each(ids)("%s has its own test table and a generated doc page", (id) => {
    expect(existsSync(join(root, "test/rules", `${id}.test.ts`))).toBe(true);
    expect(existsSync(join(root, "docs/rules", `${id}.md`))).toBe(true);
  });
});
