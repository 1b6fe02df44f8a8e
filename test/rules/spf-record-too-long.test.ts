import { testRule } from "./rule-tester.ts";

const long = `v=spf1 ${Array.from({ length: 30 }, (_, i) => `ip4:198.51.100.${i}`).join(" ")} -all`;
const strings = (text: string) =>
  Array.from({ length: Math.ceil(text.length / 250) }, (_, i) => text.slice(i * 250, i * 250 + 250));

testRule("spf-record-too-long", {
  valid: [{ name: "a short record" }],
  invalid: [
    {
      name: "over 450 octets, split correctly into strings",
      dns: { "example.com": { TXT: [strings(long)] } },
      findings: [
        { domain: "example.com", severity: "warning", message: /the TXT answer of example\.com is \d+ octets/ },
      ],
    },
    {
      name: "one string over 255 octets",
      dns: { "example.com": { TXT: [long.slice(0, 300) + " -all"] } },
      findings: [
        {
          domain: "example.com",
          severity: "error",
          message: /character-string 1 of the SPF record of example\.com is 305 octets/,
        },
      ],
    },
  ],
});
