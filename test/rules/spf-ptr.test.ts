import { testRule } from "./rule-tester.ts";

testRule("spf-ptr", {
  valid: [{ name: "no ptr" }],
  invalid: [
    {
      name: "ptr in the record",
      dns: { "example.com": { TXT: ["v=spf1 ip4:192.0.2.10 ptr -all"] } },
      findings: [
        { domain: "example.com", message: /"ptr": the ptr mechanism is slow, unreliable and SHOULD NOT be published/ },
      ],
    },
  ],
});
