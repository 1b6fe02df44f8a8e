/**
 * A private Dovecot IMAP server for the IMAP tests (Debian package `dovecot-imapd`): its own
 * config, a passwd-file user, a self-signed certificate made with openssl, a Maildir the test
 * fills directly, listening on 127.0.0.1 (STARTTLS on one port, implicit TLS on another).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect as tlsConnect } from "node:tls";
import { stopChild } from "../helpers/knot.ts";
import { BIND_FAILURE, BindFailure, waitFor, withFreshPorts } from "../helpers/servers.ts";

export interface Dovecot {
  imapPort: number;
  imapsPort: number;
  user: string;
  password: string;
  /** The PEM certificate the server presents (trust it as a CA). */
  cert: string;
  /** The user's Maildir (INBOX); sub-folders are `.<Name>`. */
  maildir: string;
  /** Writes a message into a folder of the Maildir ("" for INBOX) as a new message. */
  deliver(folder: string, name: string, message: Buffer | string): void;
  /** File names of the messages in a folder ("" for INBOX), with their Maildir info (flags). */
  messages(folder: string): string[];
  stop(): Promise<void>;
}

/** Mail files belong to this user (Dovecot does not serve mail as root). */
const MAIL_USER = { uid: 65534, gid: 65534 };

export async function startDovecot(): Promise<Dovecot> {
  const dir = mkdtempSync(join(tmpdir(), "eaa-dovecot-"));
  chmodSync(dir, 0o755);
  const user = "reports";
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  const cert = join(dir, "cert.pem");
  const key = join(dir, "key.pem");
  const made = spawnSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=IP:127.0.0.1,DNS:localhost",
      "-keyout",
      key,
      "-out",
      cert,
    ],
    { encoding: "utf8" },
  );
  if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr}`);
  const home = join(dir, "home");
  const maildir = join(home, "Maildir");
  for (const sub of ["cur", "new", "tmp"]) mkdirSync(join(maildir, sub), { recursive: true });
  writeFileSync(join(dir, "passwd"), `${user}:{PLAIN}${password}::::::\n`);
  // Dovecot cannot bind port 0: candidate ports, tried again when it reports one taken; it counts
  // as started only when the port presents this run's own certificate.
  const certPem = readFileSync(cert, "utf8");
  const root = process.getuid?.() === 0;
  const own = (path: string) => {
    if (!root) return;
    chownSync(path, MAIL_USER.uid, MAIL_USER.gid);
    if (statSync(path).isDirectory()) for (const f of readdirSync(path)) own(join(path, f));
  };
  const started = await withFreshPorts(2, async ([imapPort = 0, imapsPort = 0]) => {
    const config = [
      `base_dir = ${dir}/run`,
      `state_dir = ${dir}/state`,
      `log_path = ${dir}/dovecot.log`,
      "protocols = imap",
      "listen = 127.0.0.1",
      "ssl = required",
      `ssl_cert = <${cert}`,
      `ssl_key = <${key}`,
      "disable_plaintext_auth = yes",
      "auth_mechanisms = plain",
      "mail_location = maildir:~/Maildir",
      "first_valid_uid = 1",
      root ? "" : `default_internal_user = ${process.env.USER ?? "nobody"}`,
      root ? "" : `default_login_user = ${process.env.USER ?? "nobody"}`,
      `passdb {\n  driver = passwd-file\n  args = ${dir}/passwd\n}`,
      `userdb {\n  driver = static\n  args = uid=${root ? MAIL_USER.uid : process.getuid?.()} gid=${root ? MAIL_USER.gid : process.getgid?.()} home=${home}\n}`,
      `service imap-login {\n  inet_listener imap {\n    port = ${imapPort}\n  }\n  inet_listener imaps {\n    port = ${imapsPort}\n    ssl = yes\n  }\n}`,
      "service anvil {\n  chroot =\n}",
      "service imap-login {\n  chroot =\n}",
      "",
    ].join("\n");
    const configPath = join(dir, "dovecot.conf");
    writeFileSync(configPath, config);
    own(home);
    const child: ChildProcess = spawn("dovecot", ["-F", "-c", configPath], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    try {
      await waitFor(
        async () => {
          if (child.exitCode !== null) throw new Error("dovecot exited");
          return presents(imapsPort, certPem);
        },
        15_000,
        "dovecot",
      );
    } catch (e) {
      await stopChild(child);
      let log = "";
      try {
        log = readFileSync(join(dir, "dovecot.log"), "utf8");
      } catch {
        // no log
      }
      if (BIND_FAILURE.test(`${output}${log}`)) throw new BindFailure(`dovecot: ${output}${log}`);
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`${(e as Error).message}: ${output}${log}`);
    }
    return { child, imapPort, imapsPort };
  });
  const { child, imapPort, imapsPort } = started;
  let counter = 0;
  const folderDir = (folder: string) => (folder === "" ? maildir : join(maildir, `.${folder}`));
  return {
    imapPort,
    imapsPort,
    user,
    password,
    cert: certPem,
    maildir,
    deliver(folder, name, message) {
      const target = folderDir(folder);
      for (const sub of ["cur", "new", "tmp"]) mkdirSync(join(target, sub), { recursive: true });
      const file = join(target, "new", `${Date.now()}.${process.pid}_${counter++}.${name}`);
      writeFileSync(file, message);
      own(target);
    },
    messages(folder) {
      const target = folderDir(folder);
      const list: string[] = [];
      for (const sub of ["new", "cur"]) {
        try {
          list.push(...readdirSync(join(target, sub)));
        } catch {
          // no such folder yet
        }
      }
      return list.sort();
    },
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Whether the port presents `certPem` over TLS (so it is this run's Dovecot, not another process). */
function presents(port: number, certPem: string): Promise<boolean> {
  const want = new X509Certificate(certPem).raw;
  return new Promise((resolve) => {
    const socket = tlsConnect({ host: "127.0.0.1", port, rejectUnauthorized: false });
    socket.once("secureConnect", () => {
      const der = socket.getPeerCertificate().raw;
      socket.destroy();
      resolve(der !== undefined && Buffer.compare(der, want) === 0);
    });
    socket.once("error", () => resolve(false));
  });
}
