import { testRule } from "./rule-tester.ts";

const sg = { "sendgrid.net": { TXT: ["v=spf1 ip4:167.89.0.0/17 ~all"] } };
const sgOrg = (settings: object) => ({
  version: 1,
  domains: [{ name: "example.com" }],
  providers: [{ id: "sg", catalog: "sendgrid", settings }],
  paths: [
    { id: "news", from: ["example.com"], via: { provider: "sg" }, dkim: [{ domain: "example.com", selector: "s1" }] },
  ],
});

testRule("spf-unaligned", {
  valid: [
    { name: "direct path, MAIL FROM is the From domain" },
    {
      name: "SendGrid with a custom return path",
      org: sgOrg({ returnPathDomain: "em1.example.com" }),
      dns: {
        ...sg,
        "em1.example.com": { CNAME: "u1.wl1.sendgrid.net" },
        "u1.wl1.sendgrid.net": { TXT: ["v=spf1 include:sendgrid.net ~all"] },
      },
    },
    { name: "SPF fails (not a pass for another domain)", dns: { "example.com": { TXT: ["v=spf1 -all"] } } },
  ],
  invalid: [
    {
      name: "SendGrid's default bounce domain",
      org: sgOrg({}),
      dns: sg,
      findings: [
        {
          domain: "example.com",
          path: "news",
          message:
            /SPF passes .* for sendgrid\.net, .*SendGrid's default bounce domain, which does not align with example\.com/,
        },
      ],
    },
    {
      name: "a path whose MAIL FROM is another organisation's domain",
      org: {
        version: 1,
        domains: [{ name: "example.com" }],
        paths: [
          {
            id: "direct",
            from: ["example.com"],
            via: { direct: { ips: ["192.0.2.10"] } },
            mailFrom: "example.net",
            dkim: [{ domain: "example.com", selector: "s1" }],
          },
        ],
      },
      dns: { "example.net": { TXT: ["v=spf1 ip4:192.0.2.0/24 -all"] } },
      findings: [
        { domain: "example.com", path: "direct", message: /for example\.net, which does not align with example\.com/ },
      ],
    },
  ],
});
