import { dkimKey, testRule } from "./rule-tester.ts";

testRule("dkim-testing-mode", {
  valid: [
    { name: "no t= flag" },
    { name: "t=s only", dns: { "s1._domainkey.example.com": { TXT: [dkimKey(2048, " t=s;")] } } },
  ],
  invalid: [
    {
      name: "t=y",
      dns: { "s1._domainkey.example.com": { TXT: [dkimKey(2048, " t=y;")] } },
      findings: [{ domain: "example.com", path: "direct", message: /is in testing mode \(t=y\)/ }],
    },
  ],
});
