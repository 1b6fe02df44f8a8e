import { readFileSync } from "node:fs";
import { join } from "node:path";
import { testRule } from "./rule-tester.ts";
import { https } from "./transport-fakes.ts";

const logos = join(import.meta.dirname, "../../fixtures/transport/logos");
const good = readFileSync(join(logos, "tiny-ps.svg"), "utf8");
const hostile = readFileSync(join(logos, "hostile.svg"), "utf8");
const bimi = (record: string) => ({
  "default._bimi.example.com": { TXT: [record] },
  "images.example.com": { A: ["192.0.2.81"] },
});
const logo = (body: string, contentType = "image/svg+xml") =>
  https({ "https://images.example.com/logo.svg": { status: 200, contentType, body } });

testRule("bimi-invalid", {
  valid: [
    { name: "no BIMI record", check: "example.com" },
    {
      name: "a valid record and a conforming logo",
      check: "example.com",
      dns: bimi("v=BIMI1; l=https://images.example.com/logo.svg; a="),
      options: logo(good),
    },
    { name: "a record that declines BIMI", check: "example.com", dns: bimi("v=BIMI1; l=; a=") },
    {
      name: "a logo fetch that timed out is unknown",
      check: "example.com",
      dns: bimi("v=BIMI1; l=https://images.example.com/logo.svg; a="),
      options: https({ "https://images.example.com/logo.svg": { failure: "timeout" } }),
    },
    {
      name: "BIMI is not checked for a domain at p=none",
      check: "example.com",
      dns: {
        ...bimi("v=BIMI1; l=http://images.example.com/logo.svg"),
        "_dmarc.example.com": { TXT: ["v=DMARC1; p=none"] },
      },
    },
  ],
  invalid: [
    {
      name: "an http logo URL",
      check: "example.com",
      dns: bimi("v=BIMI1; l=http://images.example.com/logo.svg"),
      findings: [
        {
          domain: "example.com",
          message:
            /BIMI for example\.com \(default\._bimi\.example\.com\) does not work.*the scheme must be https, not http/,
        },
      ],
    },
    {
      name: "a logo that is not SVG Tiny PS",
      check: "example.com",
      dns: bimi("v=BIMI1; l=https://images.example.com/logo.svg; a="),
      options: logo(hostile),
      findings: [{ domain: "example.com", message: /does not work, so no logo is shown: .*\(line \d+\)/ }],
    },
    {
      name: "pct below 100 (BIMI needs enforcement for all mail)",
      check: "example.com",
      dns: {
        ...bimi("v=BIMI1; l=https://images.example.com/logo.svg; a="),
        "_dmarc.example.com": { TXT: ["v=DMARC1; p=quarantine; pct=50"] },
      },
      options: logo(good),
      findings: [{ domain: "example.com", message: /pct=50: BIMI requires the policy to apply to all mail/ }],
    },
  ],
});
