/**
 * `npm run demo`: audits the bundled example organisation (fixtures/examples/contoso: Exchange
 * on-premises through a smart host, Exchange Online, SendGrid newsletters and Amazon SES for an
 * application) against its recorded DNS and HTTPS answers (its MTA-STS policy), offline, and
 * prints the text report.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { audit } from "../audit/api.ts";
import { FixtureResolver } from "../dns/fixture/resolver.ts";
import { formatText } from "../report/text.ts";
import { offlineFetch } from "../transport/https-fixture.ts";
import { readHttpsFixtureFile } from "./transport-flags.ts";

const exampleDir = new URL("../../fixtures/examples/contoso/", import.meta.url);

const org = await readFile(new URL("org.json", exampleDir), "utf8");
const resolver = await FixtureResolver.fromFile(fileURLToPath(new URL("dns.json", exampleDir)));
// Offline: the MTA-STS policy comes from the HTTPS fixture beside the DNS fixture.
const fetch = (await readHttpsFixtureFile(fileURLToPath(new URL("dns.https.json", exampleDir)))) ?? offlineFetch;
// The example's DNS was recorded on this date; the report's timestamp says so.
const report = await audit(org, { resolver, now: new Date("2026-11-23T09:00:00Z"), transport: { https: { fetch } } });
const color = process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
process.stdout.write(formatText(report, { color }));
process.stdout.write(
  `\nThis was the bundled example (${fileURLToPath(exampleDir)}), audited offline from its recorded DNS and HTTPS answers.\n` +
    "Audit your own organisation: npx email-auth-audit audit --org org.json   (see docs/org.md and docs/cli.md)\n",
);
