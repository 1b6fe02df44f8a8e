import { describe, expect, it } from "vitest";
import { dkimColumn, dmarcColumn, pathReason, spfColumn, viaLabel } from "../../src/report/verdicts.ts";
import type { PathVerdict } from "../../src/verdicts/types.ts";
import { sampleReport } from "./samples.ts";

const base = (): PathVerdict => structuredClone(sampleReport().paths[1]!); // exchange-online: all pass

describe("path columns and reasons", () => {
  it("PASS only when the identifier passes and aligns", () => {
    const p = base();
    expect([spfColumn(p).label, dkimColumn(p).label, dmarcColumn(p).label]).toEqual(["PASS", "PASS", "PASS p=none"]);
    p.spf.aligned = false;
    expect(spfColumn(p)).toEqual({ ok: false, unknown: false, label: "FAIL (unaligned)" });
    p.spf.result = "softfail";
    expect(spfColumn(p)).toEqual({ ok: false, unknown: false, label: "FAIL (softfail)" });
  });

  it("says UNKNOWN, never FAIL, when the audit could not tell", () => {
    const p = base();
    p.spf.aligned = "unknown";
    expect(spfColumn(p)).toEqual({ ok: false, unknown: true, label: "UNKNOWN (alignment)" });
    p.spf.result = "temperror";
    expect(spfColumn(p)).toEqual({ ok: false, unknown: true, label: "UNKNOWN (temperror)" });
    p.spf.result = "unknown";
    expect(spfColumn(p).label).toBe("UNKNOWN (no egress addresses known)");
    p.dkim = [{ domain: "contoso.example", selector: "{token}", result: "unknown", aligned: true }];
    expect(dkimColumn(p)).toEqual({ ok: false, unknown: true, label: "UNKNOWN (selector not given)" });
    p.dmarc = { ...p.dmarc, result: "temperror" };
    expect(dmarcColumn(p)).toEqual({ ok: false, unknown: true, label: "UNKNOWN (temperror) p=none" });
    p.verdict = "unknown";
    p.open = ["SPF: no egress addresses"];
    expect(pathReason(p)).toBe("Cannot tell: SPF: no egress addresses");
  });

  it("DKIM: no signature, unaligned, and the worst result", () => {
    const p = base();
    p.dkim = [];
    expect(dkimColumn(p).label).toBe("FAIL (no signature)");
    p.dkim = [{ domain: "sendgrid.net", selector: "s1", result: "pass", aligned: false }];
    expect(dkimColumn(p).label).toBe("FAIL (unaligned)");
    p.dkim = [
      { domain: "contoso.example", selector: "a", result: "fail", aligned: true },
      { domain: "contoso.example", selector: "b", result: "temperror", aligned: true },
    ];
    // A key that could not be read leaves DKIM unknown, not failed.
    expect(dkimColumn(p).label).toBe("UNKNOWN (temperror)");
    p.dkim = [
      { domain: "contoso.example", selector: "a", result: "fail", aligned: true },
      { domain: "contoso.example", selector: "b", result: "permerror", aligned: true },
    ];
    expect(dkimColumn(p).label).toBe("FAIL (permerror)");
  });

  it("explains a failing path with both causes", () => {
    const p = base();
    p.spf = { ...p.spf, result: "temperror", ips: [{ ip: "40.92.0.1", result: "temperror" }] };
    p.dkim = [
      { domain: "contoso.example", selector: "selector1", result: "permerror", aligned: true, reason: "no key" },
    ];
    p.dmarc = { ...p.dmarc, result: "fail", alignedBy: [] };
    expect(pathReason(p)).toBe(
      "DMARC fails: SPF temperror for contoso.example from 40.92.0.1; DKIM selector1._domainkey.contoso.example permerror: no key",
    );
    expect(dmarcColumn(p)).toEqual({ ok: false, unknown: false, label: "FAIL (fail) p=none" });
  });

  it("names how a path leaves", () => {
    const r = sampleReport();
    expect(r.paths.map(viaLabel)).toEqual([
      "smart host edge-relay",
      "Microsoft 365 / Exchange Online (exo)",
      "SendGrid (Twilio) (sg)",
      "Amazon SES (ses)",
    ]);
    expect(viaLabel({ ...base(), via: { kind: "direct" } })).toBe("direct");
  });
});
