import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Attachment } from "../../core/model/index.js";

/** Prefix of an attachment `ref` that points at a stored original: `email-raw:<sha256>.eml`, relative to the channel's raw directory. */
export const RAW_REF_PREFIX = "email-raw:";

/**
 * Keeps the original MIME source of every stored mail under
 * `<dataDir>/email/raw/<sha256>.eml` (content-addressed, so storing it again
 * is a no-op) and describes it as an attachment of the message, so the full
 * mail (quoted history, signature, every part) stays available after the
 * stored text was trimmed.
 */
export function storeRaw(rawDir: string, raw: Buffer, sha256: string): Attachment {
  mkdirSync(rawDir, { recursive: true });
  const name = `${sha256}.eml`;
  const path = join(rawDir, name);
  if (!existsSync(path)) writeFileSync(path, raw);
  return { kind: "file", name: "original.eml", mimeType: "message/rfc822", size: raw.length, ref: `${RAW_REF_PREFIX}${name}` };
}
