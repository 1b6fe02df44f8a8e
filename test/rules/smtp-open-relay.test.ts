import { testRule } from "./rule-tester.ts";
import { edit, probes } from "./transport-fakes.ts";

testRule("smtp-open-relay", {
  valid: [
    { name: "relay refused (5xx)", check: "example.com", options: probes() },
    {
      name: "deferred (4xx, greylisting) leaves it open: no finding",
      check: "example.com",
      options: probes({ "mx.example.com:25": edit.relay("deferred") }),
    },
  ],
  invalid: [
    {
      name: "RCPT TO an outside address accepted",
      check: "example.com",
      options: probes({ "mx.example.com:25": edit.relay("accepted") }),
      findings: [
        {
          domain: "example.com",
          message:
            /^mx\.example\.com:25 \(an MX host of example\.com\) accepted RCPT TO:<relay-probe@example\.com> from MAIL FROM:<relay-probe@example\.net> without authentication \(inside TLS\): it may relay/,
        },
      ],
    },
  ],
});
