import { testRule } from "./rule-tester.ts";

const ses = { "amazonses.com": { TXT: ["v=spf1 ip4:199.255.192.0/22 -all"] } };
const org = (dkim?: object[]) => ({
  version: 1,
  domains: [{ name: "example.com" }],
  providers: [{ id: "ses", catalog: "amazon-ses", settings: { region: "eu-west-1" } }],
  paths: [{ id: "ses", from: ["example.com"], via: { provider: "ses" }, ...(dkim ? { dkim } : {}) }],
});

testRule("dkim-selector-unknown", {
  valid: [{ name: "selectors named in the path", org: org([{ domain: "example.com", selector: "s1" }]), dns: ses }],
  invalid: [
    {
      name: "SES Easy DKIM tokens not given",
      org: org(),
      dns: ses,
      findings: [{ domain: "example.com", path: "ses", message: /assigned by the provider \(\{token\}\)/ }],
    },
  ],
});
