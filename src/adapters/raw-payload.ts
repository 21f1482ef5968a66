import type { Attachment } from "../core/model/index.js";

/** Largest raw payload kept inline (bytes of JSON); platform updates are far smaller (Telegram's text limit is 4096 characters). */
export const RAW_PAYLOAD_MAX_BYTES = 256 * 1024;

/** Prefix of an attachment `ref` that carries a platform payload inline. */
export const RAW_PAYLOAD_REF_PREFIX = "data:application/json;base64,";

/**
 * Keeps the platform's payload of something a channel cannot represent (a
 * Telegram poll, a WhatsApp message type the hub does not know) as an
 * attachment of the placeholder message, inline as a `data:` URI: agents and
 * the conversation API can read exactly what the customer sent, and erasure
 * and retention remove it with the message (they drop attachment refs), so no
 * file under the data directory has to be tracked (unlike e-mail originals,
 * which are large and kept as files). A payload over `RAW_PAYLOAD_MAX_BYTES`
 * is replaced by a note saying so, never cut into invalid JSON.
 */
export function rawPayloadAttachment(name: string, payload: unknown): Attachment {
  let json = JSON.stringify(payload) ?? "null";
  if (Buffer.byteLength(json) > RAW_PAYLOAD_MAX_BYTES) json = JSON.stringify({ omitted: `payload over ${RAW_PAYLOAD_MAX_BYTES} bytes` });
  const bytes = Buffer.from(json, "utf8");
  return { kind: "file", name, mimeType: "application/json", size: bytes.length, ref: `${RAW_PAYLOAD_REF_PREFIX}${bytes.toString("base64")}` };
}

/** The payload a `rawPayloadAttachment` carries, or undefined when the attachment is not one (or was erased). */
export function readRawPayload(attachment: Attachment): unknown {
  if (!attachment.ref?.startsWith(RAW_PAYLOAD_REF_PREFIX)) return undefined;
  try {
    return JSON.parse(Buffer.from(attachment.ref.slice(RAW_PAYLOAD_REF_PREFIX.length), "base64").toString("utf8")) as unknown;
  } catch {
    return undefined;
  }
}
