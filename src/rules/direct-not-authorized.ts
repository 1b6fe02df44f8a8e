import { defineRule } from "./define.ts";
import { rfc } from "./references.ts";
import { reportUnauthorizedIps } from "./unauthorized-ips.ts";

export default defineRule(
  {
    id: "direct-not-authorized",
    severity: "error",
    scope: "path",
    title: "A server that sends directly fails SPF for the path's MAIL FROM domain",
    description:
      "For a server that delivers straight to the internet (an on-premises Exchange server with no smart host), the audit runs check_host() (RFC 7208 §4) for each of its addresses against the path's MAIL FROM domain; anything but `pass` is reported.",
    references: [rfc(7208, "2.4"), rfc(7208, "4"), rfc(7208, "5.6")],
    fix: "Add the server's public addresses to the SPF record of the MAIL FROM domain with `ip4:` / `ip6:` terms (or an `a:`/`mx` term that resolves to them).",
  },
  (context) => reportUnauthorizedIps(context, "direct"),
);
