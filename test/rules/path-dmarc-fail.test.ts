import { testRule } from "./rule-tester.ts";

testRule("path-dmarc-fail", {
  valid: [
    { name: "SPF and DKIM both pass aligned" },
    { name: "SPF fails but DKIM passes aligned", dns: { "example.com": { TXT: ["v=spf1 -all"] } } },
    { name: "DKIM key missing but SPF passes aligned", dns: { "s1._domainkey.example.com": null } },
  ],
  invalid: [
    {
      name: "SPF fails and the key is missing, under p=reject",
      dns: { "example.com": { TXT: ["v=spf1 ip4:198.51.100.1 -all"] }, "s1._domainkey.example.com": null },
      findings: [
        {
          domain: "example.com",
          path: "direct",
          message:
            /would fail DMARC: SPF fail for example\.com; DKIM permerror for d=example\.com; receivers following p=reject refuse it/,
        },
      ],
    },
    {
      name: "no DMARC record: unprotected",
      dns: {
        "example.com": { TXT: ["v=spf1 -all"] },
        "s1._domainkey.example.com": { TXT: ["v=DKIM1; k=rsa; p="] },
        "_dmarc.example.com": null,
      },
      findings: [
        { domain: "example.com", path: "direct", message: /there is no DMARC record, so nothing protects it/ },
      ],
    },
  ],
});
