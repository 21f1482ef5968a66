import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "../../core/logger.js";

export const TOKEN_KEY_FILE = "web-token.key";
const KEY_BYTES = 32;

/**
 * The secret that signs visitor tokens: the configured `token_secret` when
 * set, otherwise 32 random bytes generated once and kept (hex, mode 0600) in
 * `<dataDir>/web-token.key`, so tokens stay valid across restarts.
 */
export function resolveTokenSecret(configured: string | undefined, dataDir: string, logger: Logger): Buffer {
  if (configured !== undefined && configured.length > 0) return Buffer.from(configured, "utf8");

  const file = join(dataDir, TOKEN_KEY_FILE);
  const existing = readKeyFile(file, logger);
  if (existing instanceof Buffer) return existing;

  const key = randomBytes(KEY_BYTES);
  mkdirSync(dataDir, { recursive: true });
  if (existing === "malformed") {
    writeFileSync(file, key.toString("hex") + "\n", { mode: 0o600 });
    chmodSync(file, 0o600);
  } else {
    try {
      // "wx": never overwrite a key another process wrote a moment ago.
      writeFileSync(file, key.toString("hex") + "\n", { mode: 0o600, flag: "wx" });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const raced = readKeyFile(file, logger);
      if (raced instanceof Buffer) return raced;
      writeFileSync(file, key.toString("hex") + "\n", { mode: 0o600 });
    }
  }
  logger.warn(
    { file },
    "web chat: channels.web.token_secret is not set; generated a token secret and stored it in the data dir. Set WEB_CHAT_SECRET to manage it yourself.",
  );
  return key;
}

function readKeyFile(file: string, logger: Logger): Buffer | "missing" | "malformed" {
  let text: string;
  try {
    text = readFileSync(file, "utf8").trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return "missing";
    throw err;
  }
  if (!/^[0-9a-f]{64}$/i.test(text)) {
    logger.warn({ file }, "web chat: the stored token secret is malformed; generating a new one (visitors get new sessions)");
    return "malformed";
  }
  try {
    if ((statSync(file).mode & 0o077) !== 0) {
      chmodSync(file, 0o600);
      logger.warn({ file }, "web chat: the token secret file was readable by others; its mode is now 0600");
    }
  } catch {
    // Best effort (e.g. a read-only mount); the key itself is fine.
  }
  return Buffer.from(text, "hex");
}
