import { testRule } from "./rule-tester.ts";

const tlsa = (authenticated: boolean | undefined) => ({
  "_25._tcp.mx.example.com": {
    TLSA: [`3 1 1 ${"ab".repeat(32)}`],
    ...(authenticated !== undefined ? { $authenticated: authenticated } : {}),
  },
  ...(authenticated !== undefined
    ? {
        "example.com": {
          TXT: ["v=spf1 ip4:192.0.2.10 -all"],
          MX: [{ preference: 10, exchange: "mx.example.com" }],
          $authenticated: true,
        },
      }
    : {}),
});

testRule("dane-unsigned", {
  valid: [
    { name: "no TLSA records", check: "example.com" },
    { name: "validated TLSA records (AD bit set)", check: "example.com", dns: tlsa(true) },
    {
      name: "a resolver that does not report validation (no --dnssec): unknown, silent",
      check: "example.com",
      dns: tlsa(undefined),
    },
  ],
  invalid: [
    {
      name: "TLSA records whose answer is not validated",
      check: "example.com",
      dns: tlsa(false),
      findings: [
        {
          domain: "example.com",
          message:
            /MX host mx\.example\.com has 1 TLSA record at _25\._tcp\.mx\.example\.com, but the answer is not DNSSEC-validated.*senders ignore them/,
        },
      ],
    },
  ],
});
