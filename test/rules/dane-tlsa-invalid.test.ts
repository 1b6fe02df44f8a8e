import { testRule } from "./rule-tester.ts";
import { LEAF_SPKI_SHA256, probes } from "./transport-fakes.ts";

const tlsa = (records: string[], authenticated = true) => ({
  "_25._tcp.mx.example.com": { TLSA: records, $authenticated: authenticated },
  "example.com": {
    TXT: ["v=spf1 ip4:192.0.2.10 -all"],
    MX: [{ preference: 10, exchange: "mx.example.com" }],
    $authenticated: true,
  },
});
const matching = `3 1 1 ${LEAF_SPKI_SHA256}`;
const stale = `3 1 1 ${"ab".repeat(32)}`;

testRule("dane-tlsa-invalid", {
  valid: [
    { name: "usable records", check: "example.com", dns: tlsa([matching]) },
    {
      name: "a record that matches the certificate the probe saw",
      check: "example.com",
      dns: tlsa([matching]),
      options: probes(),
    },
    {
      name: "unsigned records are dane-unsigned's",
      check: "example.com",
      dns: tlsa(["1 1 1 " + "ab".repeat(32)], false),
    },
    { name: "without a probe, a record cannot be stale", check: "example.com", dns: tlsa([stale]) },
  ],
  invalid: [
    {
      name: "only a PKIX-EE record (usage 1): none usable",
      check: "example.com",
      dns: tlsa([`1 1 1 ${"ab".repeat(32)}`]),
      findings: [
        {
          domain: "example.com",
          message:
            /The TLSA records of MX host mx\.example\.com \(_25\._tcp\.mx\.example\.com\): 1 of 1 record is unusable for SMTP: usage 1 \(PKIX-EE\) is not for SMTP/,
        },
      ],
    },
    {
      name: "a PKIX record beside a usable one: a warning",
      check: "example.com",
      dns: tlsa([matching, `0 0 1 ${"cd".repeat(32)}`]),
      findings: [{ domain: "example.com", severity: "warning", message: /1 of 2 records are unusable for SMTP/ }],
    },
    {
      name: "a stale record: the served certificate matches none (probe)",
      check: "example.com",
      dns: tlsa([stale]),
      options: probes(),
      findings: [
        {
          domain: "example.com",
          message:
            /none of its 1 usable record matches the certificate mx\.example\.com serves on port 25, so DANE senders defer mail to it/,
        },
      ],
    },
    {
      name: "a digest of the wrong length",
      check: "example.com",
      dns: tlsa([`3 1 1 ${"ab".repeat(20)}`]),
      findings: [{ domain: "example.com", message: /1 of 1 record is unusable for SMTP/ }],
    },
  ],
});
