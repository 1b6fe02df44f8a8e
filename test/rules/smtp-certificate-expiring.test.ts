import { testRule } from "./rule-tester.ts";
import { edit, probes } from "./transport-fakes.ts";

testRule("smtp-certificate-expiring", {
  valid: [
    { name: "200 days left", check: "example.com", options: probes() },
    {
      name: "expired is smtp-certificate-invalid's",
      check: "example.com",
      options: probes({ "mx.example.com:25": edit.certificate({ expired: true }) }),
    },
    {
      name: "14 days left is not under 14",
      check: "example.com",
      options: probes({ "mx.example.com:25": edit.certificate({ daysToExpiry: 14 }) }),
    },
  ],
  invalid: [
    {
      name: "5 days left",
      check: "example.com",
      options: probes({ "mx.example.com:25": edit.certificate({ daysToExpiry: 5 }) }),
      findings: [
        {
          domain: "example.com",
          message:
            /^The certificate of mx\.example\.com:25 \(an MX host of example\.com\) expires in 5 days \(2027-06-11T09:00:00\.000Z\), under the 14-day threshold\./,
        },
      ],
    },
    {
      name: "a threshold of 30 days (expiryDays)",
      check: "example.com",
      options: probes({ "mx.example.com:25": edit.certificate({ daysToExpiry: 20 }) }, { expiryDays: 30 }),
      findings: [{ domain: "example.com", message: /expires in 20 days .*under the 30-day threshold/ }],
    },
  ],
});
