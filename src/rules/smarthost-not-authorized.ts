import { defineRule } from "./define.ts";
import { rfc } from "./references.ts";
import { reportUnauthorizedIps } from "./unauthorized-ips.ts";

export default defineRule(
  {
    id: "smarthost-not-authorized",
    severity: "error",
    scope: "path",
    title: "A smart host's egress IP fails SPF for the path's MAIL FROM domain",
    description:
      "Receivers check SPF against the IP address that connects to them, which for mail relayed through a smart host is the smart host's egress address, not the Exchange server's. The audit runs check_host() (RFC 7208 §4) for each egress IP of the smart host (given in the description, or resolved from its hostname) against the path's MAIL FROM domain; anything but `pass` is reported.",
    references: [rfc(7208, "2.4"), rfc(7208, "4"), rfc(7208, "5.6")],
    fix: "Add the smart host's egress addresses to the SPF record of the MAIL FROM domain with `ip4:` / `ip6:` terms (before `all`).",
  },
  (context) => reportUnauthorizedIps(context, "smart-host"),
);
