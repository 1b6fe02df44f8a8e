import { testRule } from "./rule-tester.ts";

testRule("spf-unreachable-terms", {
  valid: [{ name: "every term reachable and useful" }],
  invalid: [
    {
      name: "a term after all",
      dns: { "example.com": { TXT: ["v=spf1 ip4:192.0.2.10 -all ip4:192.0.2.11"] } },
      findings: [{ domain: "example.com", severity: "warning", message: /"ip4:192\.0\.2\.11" comes after "all"/ }],
    },
    {
      name: "a network covered by an earlier term",
      dns: { "example.com": { TXT: ["v=spf1 ip4:192.0.2.0/24 ip4:192.0.2.10 -all"] } },
      findings: [{ domain: "example.com", severity: "info", message: /"ip4:192\.0\.2\.10" can never match/ }],
    },
  ],
});
