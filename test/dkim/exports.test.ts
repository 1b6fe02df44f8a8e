import { describe, expect, it } from "vitest";
import * as api from "../../src/dkim/index.ts";
import * as message from "../../src/message/index.ts";

describe("public API (email-auth-audit/dkim and /message)", () => {
  it("exports the DKIM entry points", () => {
    for (const name of ["parseDkimKey", "lookupDkimKey", "discoverSelectors", "builtinProviderOf", "datedSelectors"]) {
      expect(typeof (api as Record<string, unknown>)[name]).toBe("function");
    }
    for (const name of ["verifyMessage", "toMailauthResolver"]) {
      expect(typeof (message as Record<string, unknown>)[name]).toBe("function");
    }
    expect(Object.keys(api.DKIM_DIAGNOSTICS).length).toBeGreaterThan(30);
    expect(api.PROVIDER_SELECTORS.length).toBeGreaterThan(20);
  });

  it("every diagnostic code has a severity, an RFC section and a message", () => {
    for (const [code, meta] of Object.entries(api.DKIM_DIAGNOSTICS)) {
      expect(code).toMatch(/^[a-z0-9-]+$/);
      expect(["error", "warning", "info"]).toContain(meta.severity);
      expect(meta.rfc).toMatch(/^RFC \d+ §\d/);
      expect(meta.message.length).toBeGreaterThan(10);
    }
  });
});

describe("docs/dkim.md", () => {
  it("documents every diagnostic code with its severity and RFC section", async () => {
    const { readFile } = await import("node:fs/promises");
    const doc = await readFile(new URL("../../docs/dkim.md", import.meta.url), "utf8");
    for (const [code, meta] of Object.entries(api.DKIM_DIAGNOSTICS)) {
      expect(doc).toContain(`| \`${code}\` | ${meta.severity} | ${meta.rfc} |`);
    }
  });
});
