import type { IncomingMessage } from "node:http";

const RAW_BODY = Symbol.for("threadline.rawBody");

/**
 * The exact bytes of a JSON request body, as received. The hub's JSON parser
 * keeps them (bodies are size-limited) because webhook signatures (WhatsApp's
 * X-Hub-Signature-256, Slack's v0 signature) are computed over the raw body,
 * which re-serialising the parsed JSON would not reproduce.
 */
export function rawBodyOf(req: IncomingMessage): Buffer | undefined {
  return (req as IncomingMessage & { [RAW_BODY]?: Buffer })[RAW_BODY];
}

/** Used by the hub's body parser (`express.json({ verify })`) to keep the raw bytes. */
export function keepRawBody(req: IncomingMessage, _res: unknown, buf: Buffer): void {
  (req as IncomingMessage & { [RAW_BODY]?: Buffer })[RAW_BODY] = buf;
}
