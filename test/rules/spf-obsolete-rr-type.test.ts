import { testRule } from "./rule-tester.ts";

testRule("spf-obsolete-rr-type", {
  valid: [{ name: "TXT only" }],
  invalid: [
    {
      name: "an SPF (type 99) record beside TXT",
      dns: { "example.com": { TXT: ["v=spf1 ip4:192.0.2.10 -all"], SPF: ["v=spf1 ip4:192.0.2.10 -all"] } },
      findings: [{ domain: "example.com", message: /publishes an SPF \(type 99\) record/ }],
    },
  ],
});
