import { report as aggregate, direct, rec } from "./report-fixtures.ts";
import { baseOrg, testRule } from "./rule-tester.ts";

/** A path through a smart host whose name does not resolve (timeout) and that names no selector. */
const blindOrg = {
  ...baseOrg,
  smartHosts: [{ id: "relay", hostname: "relay.example.com" }],
  paths: [{ id: "relayed", from: ["example.com"], via: { smartHost: "relay" } }],
};

testRule("report-path-unseen", {
  valid: [
    { name: "no reports given" },
    { name: "the path's mail is in the reports", reports: [aggregate([direct(10)])] },
    {
      name: "the reports do not cover the path's From domain",
      reports: [aggregate([rec("203.0.113.1", 10, { from: "example.net" })], { domain: "example.net" })],
    },
    {
      name: "a path the reports cannot recognise (addresses unknown, no selector): no traffic proves nothing",
      org: blindOrg,
      dns: { "relay.example.com": { A: { timeout: true }, AAAA: { timeout: true } } },
      reports: [aggregate([rec("203.0.113.1", 10)])],
    },
  ],
  invalid: [
    {
      name: "reports cover example.com, but none shows the direct path",
      reports: [
        aggregate([rec("203.0.113.1", 10)]),
        aggregate([rec("203.0.113.2", 3)], { reporter: "outlook.com", day: "2026-11-21" }),
      ],
      findings: [
        {
          domain: "example.com",
          path: "direct",
          message:
            /^No DMARC report shows mail from path direct \(direct\) from example\.com \(2026-11-20 to 2026-11-21\), although 2 reports cover example\.com: it has not sent in that time, or it sends from addresses the description does not give\.$/,
        },
      ],
    },
  ],
});
