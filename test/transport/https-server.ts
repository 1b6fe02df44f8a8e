/**
 * nginx (Debian package `nginx-light`) serving MTA-STS policies and BIMI logos on 127.0.0.1 for
 * the transport tests, one `server` block per scenario, chosen by SNI:
 *
 * | host                          | what it does                                   |
 * |-------------------------------|------------------------------------------------|
 * | mta-sts.good.example          | a valid policy, text/plain                     |
 * | mta-sts.lf.example            | a valid policy with LF line endings            |
 * | mta-sts.redirect.example      | 301 to the good policy                         |
 * | mta-sts.ctype.example         | the policy as text/html                        |
 * | mta-sts.big.example           | a 70 KB body                                   |
 * | mta-sts.wrongname.example     | a certificate for other.invalid                |
 * | mta-sts.selfsigned.example    | a self-signed certificate                      |
 * | mta-sts.missing.example       | 404                                            |
 * | mta-sts.slow.example          | the body at 1 byte per second (limit_rate)     |
 * | mta-sts.mismatch.example      | a valid enforce policy whose patterns miss an MX |
 * | mta-sts.broken.example        | a policy with syntax errors                    |
 * | images.good.example           | BIMI logos: good.svg, bad.svg, big.svg          |
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "node:tls";
import { stopChild } from "../helpers/knot.ts";
import { BIND_FAILURE, BindFailure, waitFor, withFreshPorts } from "../helpers/servers.ts";
import { makePki, type TestPki } from "./certs.ts";

/** Every scenario host served. */
export const HOSTS = [
  "mta-sts.good.example",
  "mta-sts.lf.example",
  "mta-sts.redirect.example",
  "mta-sts.ctype.example",
  "mta-sts.big.example",
  "mta-sts.wrongname.example",
  "mta-sts.selfsigned.example",
  "mta-sts.missing.example",
  "mta-sts.slow.example",
  "mta-sts.mismatch.example",
  "mta-sts.broken.example",
  "images.good.example",
] as const;

const FIXTURES = join(import.meta.dirname, "..", "..", "fixtures", "transport");
const fixture = (path: string) => readFileSync(join(FIXTURES, path), "utf8");

/** The policies and logos served (fixtures/transport/). */
export const GOOD_POLICY = fixture("policies/enforce-crlf.txt");
export const LF_POLICY = fixture("policies/testing-lf.txt");
export const MISMATCH_POLICY = fixture("policies/enforce-mismatch.txt");
export const BROKEN_POLICY = fixture("policies/broken.txt");
export const GOOD_SVG = fixture("logos/tiny-ps.svg");
export const BAD_SVG = fixture("logos/hostile.svg");

/** A running nginx and what the tests need to reach it. */
export interface HttpsServer {
  port: number;
  pki: TestPki;
  stop(): Promise<void>;
}

function serverBlock(port: number, host: string, cert: string, key: string, root: string, extra: string): string {
  return `  server {
    listen 127.0.0.1:${port} ssl;
    server_name ${host};
    ssl_certificate ${cert};
    ssl_certificate_key ${key};
    root ${root};
${extra}
  }`;
}

/**
 * Starts nginx on a free loopback port with certificates from a fresh test CA. nginx cannot bind
 * port 0, so it gets a candidate port and is restarted on another when it reports the port taken;
 * it counts as started only when the port presents this run's own certificate (not just anything
 * listening there).
 */
export async function startHttpsServer(): Promise<HttpsServer> {
  const pki = makePki([...HOSTS]);
  try {
    return await withFreshPorts(1, ([port]) => startOn(port as number, pki));
  } catch (error) {
    rmSync(pki.dir, { recursive: true, force: true });
    throw error;
  }
}

async function startOn(port: number, pki: TestPki): Promise<HttpsServer> {
  const dir = mkdtempSync(join(tmpdir(), "eaa-nginx-"));
  const www = (host: string, files: Record<string, string>) => {
    const root = join(dir, "www", host);
    mkdirSync(join(root, ".well-known"), { recursive: true });
    for (const [name, body] of Object.entries(files)) writeFileSync(join(root, name), body);
    return root;
  };
  const policy = (body: string) => ({ ".well-known/mta-sts.txt": body });
  const c = pki.server;
  const blocks = [
    serverBlock(port, "mta-sts.good.example", c.cert, c.key, www("good", policy(GOOD_POLICY)), ""),
    serverBlock(port, "mta-sts.lf.example", c.cert, c.key, www("lf", policy(LF_POLICY)), ""),
    serverBlock(
      port,
      "mta-sts.redirect.example",
      c.cert,
      c.key,
      www("redirect", {}),
      "    location / { return 301 https://mta-sts.good.example/.well-known/mta-sts.txt; }",
    ),
    serverBlock(
      port,
      "mta-sts.ctype.example",
      c.cert,
      c.key,
      www("ctype", policy(GOOD_POLICY)),
      "    location / { types { } default_type text/html; }",
    ),
    serverBlock(
      port,
      "mta-sts.big.example",
      c.cert,
      c.key,
      www("big", policy(`${GOOD_POLICY}${"# padding\r\n".repeat(7000)}`)),
      "",
    ),
    serverBlock(
      port,
      "mta-sts.wrongname.example",
      pki.wrong.cert,
      pki.wrong.key,
      www("wrongname", policy(GOOD_POLICY)),
      "",
    ),
    serverBlock(
      port,
      "mta-sts.selfsigned.example",
      pki.selfSigned.cert,
      pki.selfSigned.key,
      www("selfsigned", policy(GOOD_POLICY)),
      "",
    ),
    serverBlock(port, "mta-sts.missing.example", c.cert, c.key, www("missing", {}), ""),
    serverBlock(
      port,
      "mta-sts.slow.example",
      c.cert,
      c.key,
      www("slow", policy(GOOD_POLICY)),
      "    limit_rate 1;\n    sendfile off;",
    ),
    serverBlock(port, "mta-sts.mismatch.example", c.cert, c.key, www("mismatch", policy(MISMATCH_POLICY)), ""),
    serverBlock(port, "mta-sts.broken.example", c.cert, c.key, www("broken", policy(BROKEN_POLICY)), ""),
    serverBlock(
      port,
      "images.good.example",
      c.cert,
      c.key,
      www("images", { "good.svg": GOOD_SVG, "bad.svg": BAD_SVG, "big.svg": `${GOOD_SVG}<!--${"x".repeat(40_000)}-->` }),
      "",
    ),
  ];
  const temp = join(dir, "temp");
  mkdirSync(temp);
  const config = `daemon off;
master_process off;
worker_processes 1;
pid ${join(dir, "nginx.pid")};
error_log ${join(dir, "error.log")} warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${temp}/body;
  proxy_temp_path ${temp}/proxy;
  fastcgi_temp_path ${temp}/fastcgi;
  uwsgi_temp_path ${temp}/uwsgi;
  scgi_temp_path ${temp}/scgi;
  types { text/plain txt; image/svg+xml svg; }
  default_type application/octet-stream;
  server_tokens off;
${blocks.join("\n")}
}
`;
  writeFileSync(join(dir, "nginx.conf"), config);
  const child: ChildProcess = spawn("nginx", ["-p", dir, "-c", join(dir, "nginx.conf"), "-e", join(dir, "error.log")], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  /** Whether the port presents this run's server certificate (so it is our nginx, not another process). */
  const ours = () =>
    new Promise<boolean>((resolve) => {
      const s = connect({ port, host: "127.0.0.1", servername: "mta-sts.good.example", rejectUnauthorized: false });
      s.once("secureConnect", () => {
        const der = s.getPeerCertificate().raw;
        s.destroy();
        resolve(der !== undefined && Buffer.compare(der, pki.server.der) === 0);
      });
      s.once("error", () => resolve(false));
    });
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) {
          let log = output;
          try {
            log += readFileSync(join(dir, "error.log"), "utf8");
          } catch {
            // nginx may exit before it opens its log.
          }
          if (BIND_FAILURE.test(log)) throw new BindFailure(`nginx: ${log}`);
          throw new Error(`nginx exited: ${log}`);
        }
        return ours();
      },
      10_000,
      "nginx to listen",
    );
  } catch (error) {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    pki,
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
      rmSync(pki.dir, { recursive: true, force: true });
    },
  };
}
