import { acceptedDomain, online, onlineOrganization } from "./exchange-exports.ts";
import { testExchangeRule } from "./exchange-tester.ts";

const org = (reject: boolean) => online("GetOrganizationConfig", onlineOrganization({ RejectDirectSend: reject }));
const exoSpf = {
  "example.com": { TXT: ["v=spf1 include:spf.protection.outlook.com -all"] },
  "spf.protection.outlook.com": { TXT: ["v=spf1 ip4:40.92.0.0/15 -all"] },
};

testExchangeRule("exchange-direct-send-open", {
  valid: [
    { name: "Direct Send rejected", exports: [org(true)], dns: exoSpf, encodings: ["utf-16le"] },
    { name: "SPF without Exchange Online", exports: [org(false)] },
    {
      name: "a domain Exchange Online does not accept",
      exports: [org(false), online("GetAcceptedDomain", acceptedDomain("example.org"))],
      dns: exoSpf,
    },
  ],
  invalid: [
    {
      name: "Direct Send allowed while SPF includes Exchange Online",
      exports: [org(false), online("GetAcceptedDomain", acceptedDomain("example.com"))],
      dns: exoSpf,
      encodings: ["utf-8-bom", "utf-16be"],
      findings: [
        {
          domain: "example.com",
          message:
            /^Exchange Online accepts Direct Send \(RejectDirectSend False\) while the SPF record of example\.com includes spf\.protection\.outlook\.com: /,
          evidence: /"RejectDirectSend = False"/,
        },
      ],
    },
  ],
});
