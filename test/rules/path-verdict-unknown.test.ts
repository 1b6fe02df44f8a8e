import { testRule } from "./rule-tester.ts";

testRule("path-verdict-unknown", {
  valid: [
    { name: "every fact known" },
    // A definite failure is a failure (path-dmarc-fail), not unknown.
    {
      name: "SPF and DKIM definitely fail",
      dns: { "example.com": { TXT: ["v=spf1 -all"] }, "s1._domainkey.example.com": null },
    },
  ],
  invalid: [
    {
      name: "the DKIM key times out and SPF fails: pass or fail depends on the key",
      dns: { "example.com": { TXT: ["v=spf1 -all"] }, "s1._domainkey.example.com": { TXT: { timeout: true } } },
      findings: [
        {
          domain: "example.com",
          path: "direct",
          severity: "error",
          message:
            /^Cannot tell whether mail on path direct .*passes DMARC: DKIM: d=example\.com s=s1: the key could not be read: temperror\. Its verdict is unknown, not failing\.$/,
        },
      ],
    },
    {
      name: "the SPF record times out and DKIM passes: pass or fragile depends on SPF",
      dns: { "example.com": { TXT: { timeout: true }, MX: [{ preference: 10, exchange: "mx.example.com" }] } },
      findings: [
        {
          domain: "example.com",
          path: "direct",
          message: /passes DMARC: SPF: check_host\(\) gives temperror for example\.com/,
        },
      ],
    },
    {
      name: "the DMARC record times out: alignment modes unknown for a subdomain identifier",
      org: {
        version: 1,
        domains: [{ name: "example.com" }],
        paths: [
          {
            id: "direct",
            from: ["example.com"],
            via: { direct: { ips: ["192.0.2.10"] } },
            mailFrom: "bounce.example.com",
            dkim: [{ domain: "example.com", selector: "s1" }],
          },
        ],
      },
      dns: {
        "_dmarc.example.com": { TXT: { timeout: true } },
        "bounce.example.com": { TXT: ["v=spf1 ip4:192.0.2.10 -all"] },
      },
      findings: [{ domain: "example.com", path: "direct", message: /DMARC: .*timeout/ }],
    },
  ],
});
