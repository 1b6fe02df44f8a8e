import { testRule } from "./rule-tester.ts";

const includes = (n: number) =>
  Object.fromEntries(
    Array.from({ length: n }, (_, i) => [`i${i}.example.net`, { TXT: [`v=spf1 ip4:198.51.${i}.0/24 -all`] }]),
  );
const record = (n: number) =>
  `v=spf1 ip4:192.0.2.10 ${Array.from({ length: n }, (_, i) => `include:i${i}.example.net`).join(" ")} -all`;

testRule("spf-too-many-lookups", {
  valid: [
    { name: "exactly 10 lookups", dns: { ...includes(10), "example.com": { TXT: [record(10)] } } },
    {
      name: "ip4/ip6/all do not count",
      dns: { "example.com": { TXT: ["v=spf1 ip4:192.0.2.10 ip4:192.0.2.11 ip4:192.0.2.12 ip6:2001:db8::1 -all"] } },
    },
  ],
  invalid: [
    {
      name: "11 includes",
      dns: { ...includes(11), "example.com": { TXT: [record(11)] } },
      findings: [
        {
          domain: "example.com",
          message:
            /11 DNS-querying terms \(limit 10\); the 11th is "include:i10\.example\.net" in example\.com; where they come from: include:i0\.example\.net \(1\)/,
        },
      ],
    },
    {
      name: "nested includes add up",
      dns: {
        ...includes(6),
        "example.com": { TXT: ["v=spf1 include:outer.example.net -all"] },
        "outer.example.net": {
          TXT: [
            `v=spf1 ${Array.from({ length: 6 }, (_, i) => `include:i${i}.example.net`).join(" ")} mx a ptr exists:x.example.net ~all`,
          ],
        },
      },
      findings: [{ domain: "example.com", message: /11 DNS-querying terms .*include:outer\.example\.net \(11\)/ }],
    },
  ],
});
