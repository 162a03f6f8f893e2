// A loopback HTTP proxy in front of s3rver that injects faults into chosen requests: 503 SlowDown,
// a connection reset in the middle of a response body, an action run before forwarding (e.g. delete
// the object between list and get), or a rewrite of the response body. Requests are forwarded with
// their headers untouched, so SigV4 signatures still verify upstream.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ProxiedRequest {
  method: string;
  bucket: string;
  /** Decoded object key; "" for bucket-level calls such as ListObjectsV2. */
  key: string;
  query: URLSearchParams;
  /** The Range header, when there is one. */
  range: string | undefined;
}

export type Fault =
  | { kind: "slowdown" }
  | { kind: "error"; status: number; code: string }
  | { kind: "reset-mid-body" }
  | { kind: "before"; run: (request: ProxiedRequest) => Promise<void> }
  | { kind: "rewrite"; body: (text: string) => string };

export interface FaultRule {
  name: string;
  when: (request: ProxiedRequest) => boolean;
  fault: Fault;
  /** How many matching requests get the fault (default 1; Infinity for all). */
  times?: number;
}

export interface LoggedRequest extends ProxiedRequest {
  /** The rule that fired, if any. */
  fault: string | null;
}

export interface FaultProxy {
  endpoint: string;
  log: LoggedRequest[];
  /** Requests on which a rule fired, by rule name. */
  fired(name: string): number;
  close(): Promise<void>;
}

const errorXml = (code: string) => `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>${code}</Code><Message>injected by the fault proxy</Message><RequestId>FAULT</RequestId></Error>`;

function parse(req: http.IncomingMessage): ProxiedRequest {
  const url = new URL(req.url ?? "/", "http://proxy");
  const [, bucket = "", ...rest] = url.pathname.split("/");
  const range = req.headers.range;
  return {
    method: req.method ?? "GET",
    bucket: decodeURIComponent(bucket),
    key: rest.map(decodeURIComponent).join("/"),
    query: url.searchParams,
    range: typeof range === "string" ? range : undefined,
  };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(parts);
}

export async function startFaultProxy(upstream: string, rules: FaultRule[]): Promise<FaultProxy> {
  const target = new URL(upstream);
  const log: LoggedRequest[] = [];
  const counts = new Map<string, number>();

  const forward = async (req: http.IncomingMessage, body: Buffer) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const out = http.request(
        {
          hostname: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (res) => {
          readAll(res).then(
            (bytes) => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: bytes }),
            reject,
          );
        },
      );
      out.on("error", reject);
      out.end(body);
    });

  const server = http.createServer((req, res) => {
    void (async () => {
      const request = parse(req);
      const body = await readAll(req);
      const rule = rules.find((r) => {
        if (!r.when(request)) return false;
        return (counts.get(r.name) ?? 0) < (r.times ?? 1);
      });
      if (rule) counts.set(rule.name, (counts.get(rule.name) ?? 0) + 1);
      log.push({ ...request, fault: rule?.name ?? null });
      const fault = rule?.fault;
      if (fault?.kind === "slowdown" || fault?.kind === "error") {
        const [status, code] = fault.kind === "slowdown" ? [503, "SlowDown"] : [fault.status, fault.code];
        const xml = req.method === "HEAD" ? "" : errorXml(code);
        res.writeHead(status, {
          "content-type": "application/xml",
          "content-length": Buffer.byteLength(xml),
        });
        res.end(xml);
        return;
      }
      if (fault?.kind === "before") await fault.run(request);
      const answer = await forward(req, body);
      let payload = answer.body;
      if (fault?.kind === "rewrite") payload = Buffer.from(fault.body(payload.toString("utf8")), "utf8");
      const headers = { ...answer.headers, "content-length": String(payload.length) };
      delete headers["transfer-encoding"];
      res.writeHead(answer.status, headers);
      if (fault?.kind === "reset-mid-body" && payload.length > 1) {
        // Half the body, then the connection dies: the client sees a reset in the middle of the object.
        res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => {
          setTimeout(() => req.socket.destroy(), 5);
        });
        return;
      }
      res.end(payload);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    log,
    fired: (name) => counts.get(name) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
