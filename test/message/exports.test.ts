import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as message from "../../src/message/index.ts";

describe("email-auth-audit/message (src/message/index.ts)", () => {
  it("exports verification and its helpers", () => {
    for (const name of ["verifyMessage", "toMailauthResolver", "defaultSpfHook", "defaultDmarcHook"])
      expect(typeof (message as Record<string, unknown>)[name]).toBe("function");
    expect(message.DEFAULT_MAX_SIGNATURES).toBe(10);
    expect(message.MAX_SIGNATURES).toBe(50);
  });

  it("documents every message diagnostic code in docs/message.md with its severity and RFC", () => {
    const doc = readFileSync(new URL("../../docs/message.md", import.meta.url), "utf8");
    for (const [code, meta] of Object.entries(message.MESSAGE_DIAGNOSTICS)) {
      expect(meta.rfc).toMatch(/^RFC \d+ §\d/);
      expect(doc).toContain(`| \`${code}\` | ${meta.severity} | ${meta.rfc} |`);
    }
  });
});
