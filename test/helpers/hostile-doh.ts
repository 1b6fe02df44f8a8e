import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import * as dnsPacket from "dns-packet";

/**
 * A misbehaving DNS-over-HTTPS server on 127.0.0.1 (port 0, read back). The first path segment
 * picks the behaviour:
 * - `/good`: a correct `application/dns-message` answer (TXT "hello");
 * - `/wrongtype`: the same bytes as `text/plain` (or `?type=` given);
 * - `/notype`: the same bytes without a content-type;
 * - `/biglength`: a `content-length` of 10 MB (the body never comes);
 * - `/stream`: a chunked body that never ends (1 KiB chunks), counting what it wrote in `written`;
 * - `/redirect`: `302` to `/good` (counted in `hits`, so a followed redirect shows);
 * - `/status500`: HTTP 500;
 * - `/wrongq`: a DNS answer for another name.
 */
export interface HostileDoh {
  /** Base URL, e.g. `http://127.0.0.1:PORT` (or `https://` when started with a certificate). */
  base: string;
  /** Requests per path. */
  hits: Map<string, number>;
  /** Bytes written by `/stream` so far. */
  written: { bytes: number };
  stop(): Promise<void>;
}

function queryOf(req: IncomingMessage, body: Buffer): dnsPacket.DecodedPacket | undefined {
  try {
    const url = new URL(req.url ?? "/", "http://x");
    const param = url.searchParams.get("dns");
    const bytes = param === null ? body : Buffer.from(param.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    return dnsPacket.decode(bytes);
  } catch {
    return undefined;
  }
}

function answer(query: dnsPacket.DecodedPacket, name?: string): Buffer {
  const q = query.questions?.[0] ?? { name: "x", type: "TXT" as const, class: "IN" as const };
  return dnsPacket.encode({
    type: "response",
    id: query.id ?? 0,
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE,
    questions: [name === undefined ? q : { ...q, name }],
    answers: [{ type: "TXT", name: name ?? q.name, ttl: 60, class: "IN", data: ["hello"] }],
  });
}

/** Starts the server; with `tls` (PEM key and certificate) it speaks HTTPS. */
export async function startHostileDoh(tls?: { key: string; cert: string }): Promise<HostileDoh> {
  const hits = new Map<string, number>();
  const written = { bytes: 0 };
  const streams = new Set<ServerResponse>();
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = new URL(req.url ?? "/", "http://x").pathname.split("/")[1] ?? "";
      hits.set(path, (hits.get(path) ?? 0) + 1);
      const query = queryOf(req, Buffer.concat(chunks));
      if (query === undefined) {
        res.writeHead(400).end();
        return;
      }
      const good = answer(query);
      switch (path) {
        case "good":
          res.writeHead(200, { "content-type": "application/dns-message" }).end(good);
          return;
        case "wrongtype":
          res.writeHead(200, { "content-type": "text/plain" }).end(good);
          return;
        case "notype":
          res.writeHead(200).end(good);
          return;
        case "biglength":
          res.writeHead(200, { "content-type": "application/dns-message", "content-length": "10000000" });
          res.write(good);
          return;
        case "stream": {
          res.writeHead(200, { "content-type": "application/dns-message" });
          streams.add(res);
          const chunk = Buffer.alloc(1024, 0x41);
          const pump = () => {
            while (!res.destroyed && written.bytes < 50_000_000 && res.write(chunk)) written.bytes += chunk.length;
            if (!res.destroyed && written.bytes < 50_000_000) res.once("drain", pump);
          };
          res.on("close", () => streams.delete(res));
          pump();
          return;
        }
        case "redirect":
          res.writeHead(302, { location: `/good${req.url?.slice("/redirect".length) ?? ""}` }).end();
          return;
        case "status500":
          res.writeHead(500).end();
          return;
        case "wrongq":
          res.writeHead(200, { "content-type": "application/dns-message" }).end(answer(query, "evil.example"));
          return;
        default:
          res.writeHead(404).end();
      }
    });
  };
  const server: Server = tls === undefined ? createHttpServer(handler) : createHttpsServer(tls, handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    base: `${tls === undefined ? "http" : "https"}://127.0.0.1:${port}`,
    hits,
    written,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const res of streams) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
