import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import type { StoredFiles } from "../core/privacy/erase.js";
import { writeJsonAtomic } from "./email/json-file.js";
import { RAW_REF_PREFIX } from "./email/raw-store.js";

/**
 * Where the channels keep a person's bytes under `hub.data_dir`, for erasure
 * and retention (docs/privacy.md). Today only e-mail stores files:
 * - originals: `<dataDir>/email/raw/<sha256>.eml`, named by attachment refs
 *   `email-raw:<sha256>.eml` (the whole mail) and `email-raw:<sha256>.eml#<n>`
 *   (one of its parts, inside that file);
 * - the subject index `<dataDir>/email/subjects.json`: (address, subject) →
 *   conversation, the weakest threading rule.
 * The other channels keep only references to bytes on the platform.
 */
export function channelStoredFiles(dataDir: string): StoredFiles {
  const rawDir = join(dataDir, "email", "raw");
  const subjects = join(dataDir, "email", "subjects.json");
  return {
    pathsOf(ref) {
      if (!ref.startsWith(RAW_REF_PREFIX)) return [];
      const name = basename(ref.slice(RAW_REF_PREFIX.length).split("#")[0]!);
      return /^[0-9a-f]{64}\.eml$/.test(name) ? [join(rawDir, name)] : [];
    },
    forgetConversations(conversationIds) {
      if (!existsSync(subjects) || conversationIds.length === 0) return;
      let data: Record<string, { conversationId?: unknown }>;
      try {
        data = JSON.parse(readFileSync(subjects, "utf8")) as typeof data;
      } catch {
        return;
      }
      const erased = new Set(conversationIds);
      const kept = Object.fromEntries(Object.entries(data).filter(([, v]) => !erased.has(String(v?.conversationId))));
      if (Object.keys(kept).length !== Object.keys(data).length) writeJsonAtomic(subjects, kept);
    },
    filesOlderThan(before) {
      if (!existsSync(rawDir)) return [];
      return readdirSync(rawDir)
        .filter((name) => name.endsWith(".eml"))
        .map((name) => join(rawDir, name))
        .filter((path) => (statSync(path, { throwIfNoEntry: false })?.mtime.getTime() ?? Infinity) < before.getTime());
    },
  };
}
