/**
 * libspf2 (`spfquery.libspf2`, Debian package `spfquery`) and Mail::SPF (`spfquery.mail-spf-perl`,
 * Debian package `spf-tools-perl`) over a real Knot server, for the differential tests.
 *
 * Many generated zones are served by one Knot at once: each is placed under its own names
 * (`d0.example.com` becomes `d0.z17.example.com`) and its own addresses (each /24 of the generator
 * becomes a /24 of 10.0.0.0/8, `2001:db8::/48` becomes `2001:db8:<k>::/48`), and its checks are
 * moved the same way, so every implementation sees exactly the same DNS.
 *
 * Mail::SPF is told the server with Net::DNS's variables (`RES_NAMESERVERS`, `RES_OPTIONS=port:N`).
 * libspf2 asks the system resolver, whose `nameserver` has no port: Knot also listens on port 53 of
 * a random 127/8 address, and libspf2 runs in a private mount namespace (`unshare -m`) where
 * /etc/resolv.conf names that address. That needs root (CI runs as root).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatIPv4, formatIPv6, parseIp } from "../../src/common/cidr.ts";
import type { DnsFixture, FixtureOwner } from "../../src/dns/fixture/types.ts";
import { reverseName } from "../../src/dns/names.ts";
import { hasBinary } from "../helpers/servers.ts";
import type { PyspfCheck } from "./pyspf.ts";

export const LIBSPF2 = "spfquery.libspf2";
export const MAIL_SPF = "spfquery.mail-spf-perl";

/** Can the peers run here: both binaries, `unshare`, and root (port 53, a mount namespace)? */
export function peersMissing(): string | undefined {
  if (!hasBinary(LIBSPF2)) return `${LIBSPF2} not found: install the Debian package "spfquery"`;
  if (!hasBinary(MAIL_SPF)) return `${MAIL_SPF} not found: install the Debian package "spf-tools-perl"`;
  if (!hasBinary("unshare")) return "unshare not found (util-linux)";
  if (process.getuid?.() !== 0) return "libspf2 asks port 53 through /etc/resolv.conf: run as root";
  return undefined;
}

/** The generator's /24 networks, each moved to its own /24 of 10.0.0.0/8 per zone. */
const V4_NETS = ["192.0.2.", "198.51.100.", "203.0.113."];

function moveV4(text: string, k: number): string {
  let out = text;
  V4_NETS.forEach((net, j) => {
    const index = k * V4_NETS.length + j;
    out = out.split(net).join(`10.${index >> 8}.${index & 255}.`);
  });
  return out;
}

/** Moves one text (a record, a name, an address) into zone `k`. */
export function moveText(text: string, k: number): string {
  return moveV4(text, k)
    .replace(/example\.com/gi, `z${k}.example.com`)
    .replace(/2001:db8:/gi, `2001:db8:${k.toString(16)}:`);
}

/** The reverse name of a generator's PTR owner, moved into zone `k`. */
function moveReverse(owner: string, k: number): string {
  const labels = owner.toLowerCase().split(".");
  let ip: string | undefined;
  if (owner.endsWith(".in-addr.arpa")) ip = labels.slice(0, 4).reverse().join(".");
  else if (owner.endsWith(".ip6.arpa")) {
    const nibbles = labels.slice(0, 32).reverse().join("");
    ip = (nibbles.match(/.{4}/g) ?? []).join(":");
  }
  const parsed = ip === undefined ? undefined : parseIp(moveText(ip, k));
  if (parsed === undefined) return owner;
  return reverseName(parsed.family === 4 ? formatIPv4(parsed.value) : formatIPv6(parsed.value)) ?? owner;
}

/** Moves a whole fixture into zone `k`. */
export function moveFixture(fixture: DnsFixture, k: number): DnsFixture {
  const records: Record<string, FixtureOwner> = {};
  for (const [owner, data] of Object.entries(fixture.records)) {
    const name = owner.endsWith(".arpa") ? moveReverse(owner, k) : moveText(owner, k);
    records[name] = JSON.parse(moveText(JSON.stringify(data), k)) as FixtureOwner;
  }
  return { version: 1, records };
}

/** Moves a check into zone `k`; the null sender and a sender without local-part become postmaster (RFC 7208 §4.3, §2.4). */
export function moveCheck(c: PyspfCheck, k: number): PyspfCheck {
  const helo = moveText(c.helo, k);
  const at = c.sender.lastIndexOf("@");
  const sender =
    c.sender === "" ? `postmaster@${helo}` : at === 0 ? `postmaster${moveText(c.sender, k)}` : moveText(c.sender, k);
  return { ip: moveText(c.ip, k), sender, helo };
}

/** One peer's answer to one check. */
export interface PeerResult {
  result: string;
  comment: string;
}

/** The `Received-SPF:` lines of spfquery's output, in order (both spfquery tools print one per check). */
function receivedSpf(output: string): PeerResult[] {
  const results: PeerResult[] = [];
  for (const line of output.split("\n")) {
    const m = /^Received-SPF: (\w+)(?: \((.*)\))?/.exec(line);
    if (m !== null) results.push({ result: (m[1] ?? "").toLowerCase(), comment: m[2] ?? "" });
  }
  return results;
}

function inputFile(checks: readonly PyspfCheck[]): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), "eaa-spfpeers-"));
  const file = join(dir, "checks.txt");
  writeFileSync(file, `${checks.map((c) => `${c.ip} ${c.sender} ${c.helo}`).join("\n")}\n`);
  return { dir, file };
}

/**
 * Runs Mail::SPF's spfquery (`spfquery.mail-spf-perl --file`) over the checks, asking the server at
 * 127.0.0.1:`port` (Net::DNS reads `RES_NAMESERVERS` and `RES_OPTIONS`). The whole run dies with the
 * first check that makes Mail::SPF die (for example a target-name with an empty label, which
 * Net::DNS refuses with an exception): use {@link runMailSpfLibrary} for generated checks.
 */
export function runMailSpf(checks: readonly PyspfCheck[], port: number): PeerResult[] {
  const { dir, file } = inputFile(checks);
  try {
    const out = spawnSync(MAIL_SPF, ["--file", file], {
      encoding: "utf8",
      env: { ...process.env, RES_NAMESERVERS: "127.0.0.1", RES_OPTIONS: `port:${port} retry:1 retrans:2` },
      maxBuffer: 64 * 1024 * 1024,
      timeout: 300_000,
    });
    const results = receivedSpf(out.stdout);
    if (results.length !== checks.length)
      throw new Error(`${MAIL_SPF}: ${results.length} results for ${checks.length} checks: ${out.stderr}`);
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Mail::SPF itself (the library behind spfquery.mail-spf-perl, driven the way spfquery drives it:
 * `Mail::SPF::Server->process` of an `mfrom` request), one Perl process for all checks, with each
 * check in an `eval` so that one that makes Mail::SPF die is reported (`died`) instead of ending the
 * run; `limits` changes the void and term limits (to test whether a limit explains a difference).
 */
export function runMailSpfLibrary(
  checks: readonly PyspfCheck[],
  port: number,
  limits: { maxVoid?: number; maxTerms?: number } = {},
): PeerResult[] {
  const script = `
use strict; use Mail::SPF; use Net::DNS::Resolver;
my $resolver = Net::DNS::Resolver->new(nameservers => ['127.0.0.1'], port => ${port}, retry => 1, retrans => 2);
my $server = Mail::SPF::Server->new(dns_resolver => $resolver, max_void_dns_lookups => ${limits.maxVoid ?? 2}, max_dns_interactive_terms => ${limits.maxTerms ?? 10});
$| = 1;
while (my $line = <STDIN>) {
  chomp $line; my ($ip, $sender, $helo) = split / /, $line;
  my ($code, $text);
  eval {
    my $request = Mail::SPF::Request->new(scope => 'mfrom', identity => $sender, ip_address => $ip, helo_identity => $helo);
    my $result = $server->process($request);
    $code = $result->code; $text = $result->local_explanation;
    1;
  } or do { $code = 'died'; $text = "$@"; };
  $text =~ s/[\r\n]+/ /g;
  print "Received-SPF: ", $code, " (", $text, ")\n";
}`;
  const out = spawnSync("perl", ["-e", script], {
    input: `${checks.map((c) => `${c.ip} ${c.sender} ${c.helo}`).join("\n")}\n`,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    timeout: 300_000,
  });
  const results = receivedSpf(out.stdout);
  if (results.length !== checks.length)
    throw new Error(`Mail::SPF: ${results.length} results for ${checks.length} checks: ${out.stderr}`);
  return results;
}

/**
 * Runs libspf2's spfquery over the checks (file mode) in a private mount namespace whose
 * /etc/resolv.conf names `address` (where Knot listens on port 53). `maxLookup` is its -max-lookup.
 */
export function runLibspf2(checks: readonly PyspfCheck[], address: string, maxLookup?: number): PeerResult[] {
  const { dir, file } = inputFile(checks);
  try {
    const resolvConf = join(dir, "resolv.conf");
    writeFileSync(resolvConf, `nameserver ${address}\noptions timeout:2 attempts:1\n`);
    const args = ["-file", file, ...(maxLookup !== undefined ? ["-max-lookup", String(maxLookup)] : [])];
    const out = spawnSync(
      "unshare",
      ["-m", "sh", "-c", 'mount --bind "$0" /etc/resolv.conf && exec "$@"', resolvConf, LIBSPF2, ...args],
      { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, timeout: 300_000 },
    );
    const results = libspf2Results(out.stdout);
    if (results.length !== checks.length)
      throw new Error(`${LIBSPF2}: ${results.length} results for ${checks.length} checks: ${out.stderr}`);
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * libspf2's spfquery prints, per check, an optional `StartError` ... `EndError` block and then four
 * lines: the result, the SMTP comment, the header comment and the Received-SPF field. A record it
 * cannot compile gives the result `(invalid)` and three empty lines; that is RFC 7208's permerror
 * (§4.6: "If there are any syntax errors anywhere in the record, check_host() returns immediately
 * with the result "permerror""), and is reported so, with the error block as the comment.
 */
function libspf2Results(output: string): PeerResult[] {
  const results: PeerResult[] = [];
  let errors: string[] = [];
  let inError = false;
  let group: string[] = [];
  for (const line of output.split("\n")) {
    if (line === "StartError") {
      inError = true;
      continue;
    }
    if (inError) {
      if (line === "EndError") inError = false;
      else if (line.startsWith("Error: ")) errors.push(line.slice(7));
      continue;
    }
    group.push(line);
    if (group.length < 4) continue;
    const [result = "", , header = ""] = group;
    results.push({
      result: result === "(invalid)" ? "permerror" : result.toLowerCase(),
      comment: [header, ...errors].filter((t) => t !== "").join("; "),
    });
    group = [];
    errors = [];
  }
  return results;
}

/** A random address of 127.0.0.0/8 other than 127.0.0.1, for Knot's port-53 listener. */
export function randomLoopback(): string {
  const octet = () => 2 + Math.floor(Math.random() * 250);
  return `127.${octet()}.${octet()}.${octet()}`;
}
