import { describe, expect, it } from "vitest";
import { formatMarkdown } from "../../src/report/markdown.ts";
import { mdBlock, mdCode, mdLine, mdLink, mdProse, mdText } from "../../src/report/markdown-text.ts";
import { checkReport, cleanReport, hostileReport, sampleReport } from "./samples.ts";

const md = formatMarkdown(sampleReport());

describe("markdown format", () => {
  it("titles the report with its verdict and counts", () => {
    expect(
      md.startsWith(
        "## email-auth-audit: audit of Contoso: ❌ FAIL\n\n**4 paths** (2 pass, 2 fragile, 0 fail) · **1 error**, 5 warnings, 0 info · 4 DNS questions",
      ),
    ).toBe(true);
  });

  it("has a GitHub table of paths with one row per path and the reason", () => {
    const table = md.split("\n").filter((l) => l.startsWith("| `"));
    const relay = table.find((l) => l.startsWith("| `onprem-via-relay`"))!;
    expect(relay).toBe(
      "| `onprem-via-relay` | `contoso.example` | smart host edge-relay | ❌ FAIL (fail) | ✅ PASS | ✅ PASS p=none | ⚠️ fragile | DMARC passes through DKIM only: SPF fail for contoso.example from 203.0.113.25, 2001:db8:25::25 (matched -all in contoso.example) |",
    );
    expect(md).toContain(
      "| Path | From | Via | SPF | DKIM | DMARC | Verdict | Why |\n|---|---|---|---|---|---|---|---|",
    );
    // Every table row has as many cells as its header.
    for (const row of table.filter((l) => l.includes("fragile") || l.includes("✅ pass")))
      expect(row.split(" | ").length).toBe(8);
  });

  it("lists findings by severity with evidence in code blocks, the fix and linked references", () => {
    const errors = md.indexOf("#### 🔴 Errors (1)");
    const warnings = md.indexOf("#### 🟠 Warnings (5)");
    expect(errors).toBeGreaterThan(0);
    expect(warnings).toBeGreaterThan(errors);
    expect(md).toContain("- **`smarthost-not-authorized`** (`contoso.example`, path `onprem-via-relay`)");
    expect(md).toContain(
      "  - `contoso.example` TXT: ok, TTL 300: the SPF record: no term covers 203.0.113.25\n\n    ```\n    v=spf1 ip4:198.51.100.0/28 include:spf.protection.outlook.com -all\n    MS=ms48151623\n    ```",
    );
    expect(md).toContain(
      "  Add `ip4:203.0.113.25 ip6:2001:db8:25::25` to the SPF record of contoso.example, before `-all`:",
    );
    expect(md).toContain(
      "  References: [RFC 7208 §4.6.2](https://www.rfc-editor.org/rfc/rfc7208#section-4.6.2), [RFC 7208 §5.6](https://www.rfc-editor.org/rfc/rfc7208#section-5.6)",
    );
  });

  it("shows each SPF include tree with lookup counts in a code block", () => {
    expect(md).toContain(
      "`contoso.example`: **1 of 10 lookups**, 0 void\n\n```\ncontoso.example  [1 lookup here, 1 in total]\n└─ include:spf.protection.outlook.com  [0 lookups here, 0 in total]\n```",
    );
  });

  it("handles a clean report and a domain check", () => {
    expect(formatMarkdown(cleanReport())).toContain("### Findings\n\nNo findings.");
    const check = formatMarkdown(checkReport("example.org"));
    expect(check).toContain("## email-auth-audit: check of `example.org`");
    expect(check).toContain("None described: a domain check infers providers from DNS.");
  });

  it("cannot be broken by hostile DNS data", () => {
    const out = formatMarkdown(hostileReport());
    // Inside code blocks and spans markup is shown as text; everywhere else it must be neutralised.
    const outsideCode = out.replace(/^( *)(`{3,})[^\n]*\n[\s\S]*?^\1\2$/gm, "").replace(/(`+)[^`]*?\1/g, "");
    expect(out).toContain("    v=spf1 <script>alert(1)</script> -all"); // in the evidence's code block
    expect(outsideCode).not.toContain("<script");
    expect(outsideCode).not.toContain("<img");
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/u);
    // The record with a fence inside sits in a longer fence, on one line: no injected heading.
    expect(out).not.toMatch(/^# injected heading/m);
    expect(out).toContain("&lt;script>alert(1)&lt;/script>");
  });
});

describe("markdown escaping", () => {
  it("neutralises markup, emphasis, links and table pipes in text", () => {
    expect(mdText("a|b *c* _d_ [e](f) <g> & `h`")).toBe("a\\|b \\*c\\* \\_d\\_ \\[e\\](f) &lt;g> &amp; \\`h\\`");
    expect(mdLine("# title")).toBe("\\# title");
    expect(mdLine("1. item")).toBe("1\\. item");
    expect(mdLine("- item")).toBe("\\- item");
  });
  it("makes code spans and blocks that their content cannot close", () => {
    expect(mdCode("a`b")).toBe("``a`b``");
    expect(mdCode("x|y")).toBe("`x\\|y`");
    expect(mdBlock(["```", "ok"])).toBe("````\n```\nok\n````");
  });
  it("only links http(s) URLs, and keeps them from closing the link", () => {
    expect(mdLink("RFC", "https://example.org/a b)c")).toBe("[RFC](https://example.org/a%20b%29c)");
    expect(mdLink("evil", "javascript:alert(1)")).toBe("evil");
  });
  it("keeps a fix's code spans and indented code, and neutralises HTML outside them", () => {
    expect(mdProse("Publish `<x>` and <b>\n\n    <code block>")).toBe("Publish `<x>` and &lt;b>\n\n    <code block>");
  });
});
