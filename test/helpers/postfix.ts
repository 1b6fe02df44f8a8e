import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { candidatePort, inCI } from "./servers.ts";

/*
 * Private Postfix instances for the SMTP probe's tests, and the certificates they serve.
 *
 * What works with Debian's postfix 3.7 here (checked as root): `postfix -c DIR start-fg` with a
 * private main.cf and master.cf; no change to /etc/postfix is needed when run as root. Postfix
 * binds its listeners with SO_REUSEPORT, so two instances given the same port both start and the
 * kernel shares connections between them without any error: after start, the helper checks that
 * its port has exactly one listener and that the banner carries the instance's own token, and
 * retries on another port otherwise. A bind failure is not in the log (master sends it to
 * postlogd, which has not started yet): master exits with 1 while another process holds the
 * port, and the helper retries on another port then too.
 */

/** A certificate file and its key file. */
export interface CertificateFiles {
  cert: string;
  key: string;
}

/** Test certificates made by {@link makeTestCertificates}. */
export interface TestCertificates {
  /** The CA's certificate (PEM text), to pass as the probe's `ca`. */
  caPem: string;
  ca: CertificateFiles;
  /** Valid for `name`, signed by the CA, expiring in `days` days. */
  good: CertificateFiles;
  /** Signed by the CA for another name. */
  wrongName: CertificateFiles;
  /** Valid for `name`, signed by the CA, expired in 2020. */
  expired: CertificateFiles;
  /** Valid for `name`, self-signed (not from the CA). */
  selfSigned: CertificateFiles;
}

/** Runs openssl with a command line split on spaces (no argument here holds a space). */
function openssl(command: string, cwd: string): void {
  const args = command.split(" ");
  const run = spawnSync("openssl", args, { cwd, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`openssl ${command} failed: ${run.stderr}${run.error?.message ?? ""}`);
}

const EC_KEY = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";

/**
 * Makes, with `openssl` (Debian package `openssl`), a CA and server certificates for `name` in
 * `dir`: a good one, one for a wrong name, an expired one (through `openssl ca`, the only way in
 * OpenSSL 3.0 to set past dates) and a self-signed one. EC P-256 keys, quick to make.
 */
export function makeTestCertificates(dir: string, name: string, days = 10): TestCertificates {
  if (/\s/.test(dir)) throw new Error(`the certificate folder must not hold spaces: ${dir}`);
  mkdirSync(join(dir, "newcerts"), { recursive: true });
  const file = (base: string): CertificateFiles => ({ cert: join(dir, `${base}.pem`), key: join(dir, `${base}.key`) });
  const ca = file("ca");
  openssl(`req -x509 ${EC_KEY} -keyout ${ca.key} -out ${ca.cert} -days 30 -subj /CN=eaa-test-CA`, dir);

  const signed = (base: string, host: string): CertificateFiles => {
    const out = file(base);
    const [csr, ext] = [join(dir, `${base}.csr`), join(dir, `${base}.ext`)];
    openssl(`req -new ${EC_KEY} -keyout ${out.key} -out ${csr} -subj /CN=${host}`, dir);
    writeFileSync(ext, `subjectAltName=DNS:${host}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
    const sign = `-CA ${ca.cert} -CAkey ${ca.key} -CAcreateserial -days ${days} -extfile ${ext}`;
    openssl(`x509 -req -in ${csr} ${sign} -out ${out.cert}`, dir);
    return out;
  };
  const good = signed("good", name);
  const wrongName = signed("wrong-name", `wrong.${name.split(".").slice(1).join(".") || "invalid"}`);

  const expired = file("expired");
  const expiredCsr = join(dir, "expired.csr");
  const san = `-addext subjectAltName=DNS:${name}`;
  openssl(`req -new ${EC_KEY} -keyout ${expired.key} -out ${expiredCsr} -subj /CN=${name} ${san}`, dir);
  writeFileSync(join(dir, "index.txt"), "");
  writeFileSync(join(dir, "serial"), "1000\n");
  const config = join(dir, "ca.cnf");
  writeFileSync(
    config,
    `[ ca ]\ndefault_ca = test\n[ test ]\ndatabase = ${join(dir, "index.txt")}\nnew_certs_dir = ${join(dir, "newcerts")}
certificate = ${ca.cert}\nprivate_key = ${ca.key}\nserial = ${join(dir, "serial")}\ndefault_md = sha256
policy = any\ncopy_extensions = copy\nunique_subject = no\n[ any ]\ncommonName = supplied\n`,
  );
  const dates = "-startdate 20200101000000Z -enddate 20200201000000Z";
  openssl(`ca -batch -config ${config} -in ${expiredCsr} -out ${expired.cert} -notext ${dates}`, dir);

  const selfSigned = file("self-signed");
  openssl(
    `req -x509 ${EC_KEY} -keyout ${selfSigned.key} -out ${selfSigned.cert} -days ${days} -subj /CN=${name} ${san}`,
    dir,
  );
  return { caPem: readFileSync(ca.cert, "utf8"), ca, good, wrongName, expired, selfSigned };
}

/** How a private Postfix is configured. */
export interface PostfixOptions {
  /** `myhostname` (the banner's and EHLO's name). Default `mx.example.test`. */
  hostname?: string;
  /** Certificate for STARTTLS; null for a server without STARTTLS. */
  tls: CertificateFiles | null;
  /** Offer AUTH (Cyrus SASL, sasldb) before STARTTLS (`smtpd_tls_auth_only = no`). */
  authBeforeTls?: boolean;
  /** `mynetworks = 0.0.0.0/0`: relays for anyone. Otherwise only 127.0.0.2 may relay, so the test is a stranger. */
  openRelay?: boolean;
  /** Also listen with implicit TLS (`smtpd_tls_wrappermode`, as on port 465). Needs `tls`. */
  implicitTls?: boolean;
  /** TLS protocols the server accepts (`smtpd_tls_protocols`), e.g. `<=TLSv1.1`; lowers OpenSSL's security level to allow them. */
  tlsProtocols?: string;
  /** Ports to try first, one per attempt (to test the retry); free ports after them. */
  tryPorts?: number[];
}

/** A running private Postfix. */
export interface RunningPostfix {
  /** The STARTTLS (or plain) port. */
  port: number;
  /** The implicit-TLS port when asked for. */
  implicitPort: number | null;
  dir: string;
  /** The log so far (the instance's maillog file). */
  log(): string;
  stop(): Promise<void>;
}

/** True when private Postfix instances can run here; under CI=true a missing requirement fails instead. */
export function canRunPostfix(): boolean {
  const missing: string[] = [];
  if (spawnSync("sh", ["-c", "command -v postfix && command -v openssl"], { stdio: "ignore" }).status !== 0)
    missing.push('the Debian packages "postfix" and "openssl"');
  // The AUTH-before-TLS case needs Cyrus SASL's PLAIN/LOGIN plugins (a Recommends of libsasl2-2).
  if (spawnSync("sh", ["-c", "ls /usr/lib/*/sasl2/libplain.so*"], { stdio: "ignore" }).status !== 0)
    missing.push('the Debian package "libsasl2-modules"');
  if (process.getuid?.() !== 0) missing.push("root (Postfix's master runs as root)");
  if (process.platform !== "linux") missing.push("Linux (the port check reads /proc/net/tcp)");
  if (missing.length === 0) return true;
  const message = `private Postfix cannot run: needs ${missing.join(", ")}`;
  if (inCI) throw new Error(`${message}; CI=true, so this suite must run`);
  console.warn(`skipping: ${message}`);
  return false;
}

const running = new Set<string>();
process.once("exit", () => {
  // A crashed test file must not leave masters behind.
  for (const dir of running) spawnSync("postfix", ["-c", join(dir, "conf"), "stop"], { stdio: "ignore" });
});

function postfixUid(): number {
  const id = spawnSync("id", ["-u", "postfix"], { encoding: "utf8" });
  const uid = Number(id.stdout.trim());
  if (id.status !== 0 || !Number.isInteger(uid))
    throw new Error("no postfix user (install the Debian package postfix)");
  return uid;
}

/** How many TCP sockets listen on `port` (any address, IPv4 and IPv6), from /proc/net/tcp{,6}. */
export function listenersOn(port: number): number {
  const hex = port.toString(16).toUpperCase().padStart(4, "0");
  let count = 0;
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = readFileSync(table, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[1]?.endsWith(`:${hex}`) && fields[3] === "0A") count++;
    }
  }
  return count;
}

/** The first line the server sends on 127.0.0.1:port, or null (no answer within 2 s). */
function firstLine(port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    let data = "";
    const done = (value: string | null): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(value);
    };
    const timer = setTimeout(() => done(null), 2000);
    socket.on("data", (chunk: Buffer) => {
      data += chunk.toString("latin1");
      if (data.includes("\n")) {
        socket.write("QUIT\r\n");
        done(data.split("\n")[0] ?? "");
      }
    });
    socket.on("error", () => done(null));
  });
}

function mainCf(dir: string, options: PostfixOptions, token: string): string {
  const lines = [
    "compatibility_level = 3.6",
    `queue_directory = ${join(dir, "queue")}`,
    `data_directory = ${join(dir, "data")}`,
    "inet_interfaces = 127.0.0.1",
    "inet_protocols = ipv4",
    `myhostname = ${options.hostname ?? "mx.example.test"}`,
    "mydestination =",
    "alias_maps =",
    "alias_database =",
    `mynetworks = ${options.openRelay ? "0.0.0.0/0" : "127.0.0.2/32"}`,
    "smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination",
    `smtpd_banner = $myhostname ESMTP ${token}`,
    // A file: postlog exits 1 when /dev/stdout is the pipe node gives it. Only listed prefixes are allowed.
    `maillog_file = ${join(dir, "maillog")}`,
    `maillog_file_prefixes = ${dir}`,
    "smtputf8_enable = no",
  ];
  if (options.tls !== null) {
    lines.push(
      `smtpd_tls_cert_file = ${options.tls.cert}`,
      `smtpd_tls_key_file = ${options.tls.key}`,
      "smtpd_tls_security_level = may",
    );
  } else {
    lines.push("smtpd_tls_security_level = none");
  }
  if (options.tlsProtocols !== undefined) {
    lines.push(
      `smtpd_tls_protocols = ${options.tlsProtocols}`,
      "smtpd_tls_ciphers = medium",
      "tls_medium_cipherlist = DEFAULT:@SECLEVEL=0",
    );
  }
  if (options.authBeforeTls) {
    lines.push(
      "smtpd_sasl_auth_enable = yes",
      "smtpd_sasl_type = cyrus",
      `cyrus_sasl_config_path = ${join(dir, "sasl")}`,
      "smtpd_tls_auth_only = no",
    );
  }
  return `${lines.join("\n")}\n`;
}

function masterCf(port: number, implicitPort: number | null): string {
  const base = readFileSync("/etc/postfix/master.cf", "utf8")
    .split("\n")
    .filter((line) => !/^\S+\s+inet\s/.test(line));
  base.push(`${port} inet n - n - - smtpd`);
  if (implicitPort !== null)
    base.push(
      `${implicitPort} inet n - n - - smtpd`,
      "  -o smtpd_tls_wrappermode=yes",
      "  -o smtpd_tls_security_level=encrypt",
    );
  return `${base.join("\n")}\n`;
}

async function stopInstance(dir: string, child: ChildProcess): Promise<void> {
  const exited = (): boolean => child.exitCode !== null || child.signalCode !== null;
  // `postfix stop` finds nothing to stop while postfix-script is still checking before it starts
  // master: ask again until the start-fg process ends, then force it.
  const deadline = Date.now() + 15_000;
  while (!exited() && Date.now() < deadline) {
    await new Promise<void>((resolve) => {
      const stop = spawn("postfix", ["-c", join(dir, "conf"), "stop"], { stdio: "ignore" });
      stop.once("exit", () => resolve());
      stop.once("error", () => resolve());
    });
    for (let i = 0; i < 10 && !exited(); i++) await new Promise((r) => setTimeout(r, 100));
  }
  if (!exited()) {
    try {
      const pid = Number(readFileSync(join(dir, "queue", "pid", "master.pid"), "utf8").trim());
      if (Number.isInteger(pid) && pid > 1) process.kill(pid, "SIGKILL");
    } catch {}
    child.kill("SIGKILL");
  }
  running.delete(dir);
}

/**
 * Starts a private Postfix on a loopback port with its own config, queue and data folders (several
 * may run at once), and waits until it greets with its own banner. Retries on another port when
 * the log shows a bind failure or another process listens on the port too.
 */
export async function startPostfix(options: PostfixOptions): Promise<RunningPostfix> {
  const dir = mkdtempSync(join(tmpdir(), "eaa-postfix-"));
  chmodSync(dir, 0o755); // the postfix user must reach the queue below it
  for (const sub of ["conf", "data", "queue", "sasl"]) mkdirSync(join(dir, sub));
  chownSync(join(dir, "data"), postfixUid(), -1);
  // Cyrus SASL with its sasldb: enough for smtpd to offer AUTH; nobody can log in.
  writeFileSync(
    join(dir, "sasl", "smtpd.conf"),
    `pwcheck_method: auxprop\nauxprop_plugin: sasldb\nmech_list: PLAIN LOGIN\nsasldb_path: ${join(dir, "sasl", "sasldb2")}\n`,
  );
  const failures: string[] = [];
  for (let attempt = 0; attempt < 6; attempt++) {
    const port = options.tryPorts?.[attempt] ?? (await candidatePort());
    const implicitPort = options.implicitTls ? await candidatePort() : null;
    rmSync(join(dir, "maillog"), { force: true }); // a retry reads only its own log
    const token = `eaa-${process.pid}-${Date.now().toString(36)}-${attempt}`;
    writeFileSync(join(dir, "conf", "main.cf"), mainCf(dir, options, token));
    writeFileSync(join(dir, "conf", "master.cf"), masterCf(port, implicitPort));
    const child = spawn("postfix", ["-c", join(dir, "conf"), "start-fg"], { stdio: ["ignore", "pipe", "pipe"] });
    running.add(dir);
    let output = "";
    child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    const log = (): string => {
      let text = "";
      try {
        text = readFileSync(join(dir, "maillog"), "utf8");
      } catch {}
      return `${output}${text}`;
    };
    const ports = implicitPort === null ? [port] : [port, implicitPort];
    const outcome = await waitReady(child, log, ports, port, token);
    if (outcome === "ready") {
      return {
        port,
        implicitPort,
        dir,
        log,
        stop: async () => {
          await stopInstance(dir, child);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    await stopInstance(dir, child);
    failures.push(`port ${port}: ${outcome}\n${log().slice(-1500)}`);
    if (!outcome.startsWith("retry")) break;
    // The queue exists now: postfix-script skips its slow integrity checks once (`quick-start`).
    writeFileSync(join(dir, "queue", "quick-start"), "");
  }
  if (process.env.EAA_KEEP_POSTFIX === undefined) rmSync(dir, { recursive: true, force: true });
  throw new Error(`Postfix did not start:\n${failures.join("\n")}`);
}

async function waitReady(
  child: ChildProcess,
  log: () => string,
  ports: number[],
  port: number,
  token: string,
): Promise<string> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (/bind .*(address already in use|in use)/i.test(log())) return "retry: bind failed";
    if (child.exitCode !== null) {
      // master reports a bind failure through postlogd, which is not running yet: the message is
      // lost. A master that exits while another process listens on its port failed to bind.
      if (ports.some((p) => listenersOn(p) > 0)) return "retry: bind failed (the port is taken)";
      return `exited with ${child.exitCode}`;
    }
    if (/fatal:/.test(log())) return "fatal error in the log";
    const line = await firstLine(port);
    if (line !== null) {
      if (!line.includes(token)) return "retry: another server answers on this port";
      if (ports.some((p) => listenersOn(p) !== 1)) return "retry: another process listens on this port too";
      return "ready";
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return "no banner within 20 s";
}
