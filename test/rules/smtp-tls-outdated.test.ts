import { testRule } from "./rule-tester.ts";
import { edit, probes } from "./transport-fakes.ts";

testRule("smtp-tls-outdated", {
  valid: [
    { name: "TLS 1.3", check: "example.com", options: probes() },
    { name: "TLS 1.2", check: "example.com", options: probes({ "mx.example.com:25": edit.protocol("TLSv1.2") }) },
  ],
  invalid: [
    {
      name: "TLS 1.1",
      check: "example.com",
      options: probes({ "mx.example.com:25": edit.protocol("TLSv1.1") }),
      findings: [
        { domain: "example.com", message: /^mx\.example\.com:25 \(an MX host of example\.com\) negotiated TLSv1\.1/ },
      ],
    },
    {
      name: "TLS 1.0",
      check: "example.com",
      options: probes({ "mx.example.com:25": edit.protocol("TLSv1") }),
      findings: [{ domain: "example.com", message: /negotiated TLSv1 \(/ }],
    },
  ],
});
