/**
 * `npm run demo`: audits the two bundled examples against their recorded DNS, offline, and prints
 * the text reports. First the Contoso organisation (fixtures/examples/contoso: Exchange
 * on-premises through a smart host, Exchange Online, SendGrid newsletters and Amazon SES for an
 * application), described by hand; then Fabrikam (fixtures/examples/fabrikam-exchange), whose
 * description is derived from its Exchange Server exports (`orgFromExchange`) and audited with them.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { audit } from "../audit/api.ts";
import { FixtureResolver } from "../dns/fixture/resolver.ts";
import { orgFromExchange, orgToYaml, readExchangeConfig } from "../exchange/index.ts";
import { formatText } from "../report/text.ts";

// Both examples' DNS was recorded on this date; the reports' timestamps say so.
const now = new Date("2026-11-23T09:00:00Z");
const color = process.stdout.isTTY === true && process.env.NO_COLOR === undefined;

const exampleDir = new URL("../../fixtures/examples/contoso/", import.meta.url);
const org = await readFile(new URL("org.json", exampleDir), "utf8");
const resolver = await FixtureResolver.fromFile(fileURLToPath(new URL("dns.json", exampleDir)));
const report = await audit(org, { resolver, now });
process.stdout.write(formatText(report, { color }));
process.stdout.write(
  `\nThis was the bundled example (${fileURLToPath(exampleDir)}), audited offline from its recorded DNS.\n` +
    "Audit your own organisation: npx email-auth-audit audit --org org.json   (see docs/org.md and docs/cli.md)\n",
);

const exchangeDir = new URL("../../fixtures/examples/fabrikam-exchange/", import.meta.url);
const exports = fileURLToPath(new URL("exports/", exchangeDir));
const exchangeResolver = await FixtureResolver.fromFile(fileURLToPath(new URL("dns.json", exchangeDir)));
const config = await readExchangeConfig(exports);
const derived = await orgFromExchange(config, { resolver: exchangeResolver });
if (!derived.ok) throw new Error(`the Fabrikam example does not derive: ${derived.error}`);
const exchangeReport = await audit(orgToYaml(derived.org, derived.annotations), {
  resolver: exchangeResolver,
  now,
  exchange: config,
});
process.stdout.write(
  `\n${"=".repeat(100)}\nSecond example: an organisation derived from its Exchange Server exports (${config.files.length} files in ${exports}),\n` +
    `as \`email-auth-audit init --exchange\` writes it (${derived.org.domains.length} domains, ${derived.org.paths.length} paths), audited with the exports (\`audit --exchange\`).\n` +
    `${"=".repeat(100)}\n\n`,
);
process.stdout.write(formatText(exchangeReport, { color }));
process.stdout.write(
  "\nAudit your own Exchange: export the configuration (docs/exchange.md), then\n" +
    "  npx email-auth-audit init --exchange <folder> -o org.yaml      # check its CONFIRM lines\n" +
    "  npx email-auth-audit audit --org org.yaml --exchange <folder>\n",
);
