import { evidenceFrom } from "../dns/evidence.ts";
import { defineRule } from "./define.ts";
import { describePath } from "./path-helpers.ts";
import { rfc } from "./references.ts";

export default defineRule(
  {
    id: "smarthost-no-address",
    severity: "error",
    scope: "path",
    title: "A smart host's name resolves to no address",
    description:
      "When the description gives a smart host without its egress `ips`, the audit takes them from the host name's A and AAAA records. If DNS proves there are none (NXDOMAIN or NODATA for both), the audit cannot know which addresses receivers see, so the path's SPF cannot be checked: it is `unknown`, not `none`. Either the name is wrong, or the relay's public name is not the name the description gives.",
    references: [rfc(1035, "3.4.1"), rfc(7208, "5.3")],
    fix: "Give the smart host's egress addresses (`ips` in the description), as the relay's public IPs that receivers see, or correct its `hostname`.",
  },
  ({ facts, report }) => {
    for (const path of facts.paths) {
      const via = path.plan.via;
      if (via.kind !== "smart-host" || path.egress.source !== "dns" || path.egress.state !== "absent") continue;
      report({
        domain: path.plan.fromDomain,
        path: path.plan.pathId,
        message: `Smart host ${via.smartHostId} (${via.hostname}) on ${describePath(path)} resolves to no address (${path.egress.answers.map((a) => `${a.type} ${a.status}`).join(", ")}): no egress addresses, so the path's SPF cannot be checked.`,
        evidence: path.egress.answers.map((a) => evidenceFrom(a)),
        supersedes: ["path-verdict-unknown"],
      });
    }
  },
);
