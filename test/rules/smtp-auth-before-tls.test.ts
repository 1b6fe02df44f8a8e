import { testRule } from "./rule-tester.ts";
import { edit, probes } from "./transport-fakes.ts";

testRule("smtp-auth-before-tls", {
  valid: [
    { name: "AUTH only inside TLS", check: "example.com", options: probes() },
    {
      name: "a refused connection (unknown)",
      check: "example.com",
      options: probes({ "mx.example.com:25": edit.refused }),
    },
  ],
  invalid: [
    {
      name: "AUTH PLAIN LOGIN in the clear EHLO reply",
      check: "example.com",
      options: probes({ "mx.example.com:25": edit.authBeforeTls }),
      findings: [
        {
          domain: "example.com",
          message: /^mx\.example\.com:25 \(an MX host of example\.com\) offers AUTH \(PLAIN, LOGIN\) before STARTTLS/,
        },
      ],
    },
  ],
});
