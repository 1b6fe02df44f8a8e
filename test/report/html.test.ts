import { describe, expect, it } from "vitest";
import { formatHtml } from "../../src/report/html.ts";
import { clip, esc, proseHtml } from "../../src/report/html-escape.ts";
import { checkReport, cleanReport, HOSTILE, hostileReport, sampleReport } from "./samples.ts";

const html = formatHtml(sampleReport());

describe("html format (static checks; tests/report/html-chromium.test.ts renders it)", () => {
  it("is one self-contained page: no script, no external stylesheet, image or font", () => {
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    );
    expect(html).not.toMatch(/<script|<link|<img|<iframe|<object|<embed|@import|url\((?!#)/i);
    // The only external URLs are reference links the reader may follow.
    const srcs = [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
    for (const s of srcs) expect(s).toMatch(/^(#|https:\/\/www\.(rfc-editor\.org|twilio\.com)\/)/);
  });

  it("draws the paths as an SVG diagram with where each breaks", () => {
    expect(html).toContain('<svg id="paths-diagram"');
    expect(html.match(/<g class="path-row"/g)).toHaveLength(4);
    const row = (id: string) => {
      const start = html.indexOf(`<g class="path-row" data-path="${id}"`);
      return html.slice(
        start,
        html.indexOf("</g>\n</g>", start) === -1 ? undefined : html.indexOf(`<g class="path-row"`, start + 10),
      );
    };
    expect(row("onprem-via-relay")).toContain('<g class="box bad breaks" data-stage="spf">');
    expect(row("onprem-via-relay")).toContain('<g class="box ok" data-stage="dkim">');
    expect(row("onprem-via-relay")).toContain('<g class="box warn" data-stage="dmarc">');
    expect(row("onprem-via-relay")).toContain("✖ breaks here");
    expect(row("exchange-online")).not.toContain("breaks");
    expect(row("newsletters")).toContain(">SPF FAIL (unaligned)</text>");
  });

  it("marks DMARC as the break when a path fails", () => {
    const report = sampleReport();
    const p = report.paths[0]!;
    p.dkim = [{ ...p.dkim[0]!, result: "fail", reason: "body hash mismatch" }];
    p.dmarc = { ...p.dmarc, result: "fail", alignedBy: [] };
    p.verdict = "fail";
    const out = formatHtml(report);
    expect(out).toContain('<g class="box bad breaks" data-stage="dmarc">');
    expect(out).toContain('<g class="box bad breaks" data-stage="dkim">');
    expect(out).toContain("DMARC fails: SPF fail for contoso.example");
  });

  it("has the findings with evidence and fixes, and the SPF tree with lookup counts", () => {
    expect(html.match(/<article class="finding /g)).toHaveLength(6);
    expect(html).toContain('<article class="finding error" data-rule="smarthost-not-authorized">');
    expect(html).toContain(
      '<pre class="records">v=spf1 ip4:198.51.100.0/28 include:spf.protection.outlook.com -all\nMS=ms48151623</pre>',
    );
    expect(html).toContain(
      "<pre>v=spf1 ip4:198.51.100.0/28 ip4:203.0.113.25 ip6:2001:db8:25::25 include:spf.protection.outlook.com -all</pre>",
    );
    expect(html).toContain('<table class="spf-tree" data-domain="contoso.example">');
    expect(html).toContain('<td class="label">└─ include:spf.protection.outlook.com</td><td>0 lookups</td><td>0</td>');
  });

  it("escapes every string from the report: a TXT record cannot inject markup", () => {
    const out = formatHtml(hostileReport());
    expect(out).not.toContain(HOSTILE.script);
    expect(out).not.toContain("<img");
    expect(out).not.toMatch(/<script/i);
    expect(out).toContain("v=spf1 &lt;script&gt;alert(1)&lt;/script&gt; -all");
    expect(out).toContain("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;");
    expect(out).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u202a-\u202e]/u);
  });

  it("renders a clean report and a domain check", () => {
    expect(formatHtml(cleanReport())).toContain("No findings.");
    const check = formatHtml(checkReport("example.org"));
    expect(check).not.toContain("<svg");
    expect(check).toContain("None described: a domain check infers providers from DNS.");
  });
});

describe("html escaping helpers", () => {
  it("escapes the five HTML specials", () => {
    expect(esc(`<a href="x" title='y'>&</a>`)).toBe("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  });
  it("clips long labels by characters, not UTF-16 units", () => {
    expect(clip("abcdef", 4)).toBe("abc…");
    expect(clip("😀😀😀", 3)).toBe("😀😀😀");
  });
  it("turns a fix's Markdown into escaped paragraphs, code spans and code blocks", () => {
    expect(proseHtml("Add `<x>` to <y>:\n\n    v=spf1 <z>")).toBe(
      "<p>Add <code>&lt;x&gt;</code> to &lt;y&gt;:</p>\n<pre>v=spf1 &lt;z&gt;</pre>",
    );
  });
});
