import { z } from "zod";
import { readJson, writeJsonAtomic } from "./json-file.js";

const indexSchema = z.record(z.string(), z.object({ conversationId: z.string(), at: z.number() }));

/**
 * Last conversation per (customer address, normalised subject), the weakest
 * threading rule: used only when neither the headers nor our token name a
 * conversation (a client that drops In-Reply-To, a customer who retypes
 * "Re: Order 1234" from scratch). Entries older than the window are ignored
 * and pruned. Kept in a small JSON file under the channel's data directory
 * because the store has no notion of subjects.
 */
export interface SubjectIndex {
  find(address: string, key: string): string | null;
  remember(address: string, key: string, conversationId: string): void;
}

export function fileSubjectIndex(path: string, windowMs: number, now: () => Date): SubjectIndex {
  const parsed = indexSchema.safeParse(readJson<unknown>(path, {}));
  const data: Record<string, { conversationId: string; at: number }> = parsed.success ? parsed.data : {};
  const k = (address: string, key: string) => `${address.toLowerCase()}\n${key}`;
  return {
    find(address, key) {
      if (!key) return null;
      const hit = data[k(address, key)];
      return hit && now().getTime() - hit.at <= windowMs ? hit.conversationId : null;
    },
    remember(address, key, conversationId) {
      if (!key) return;
      const t = now().getTime();
      for (const [name, entry] of Object.entries(data)) if (t - entry.at > windowMs) delete data[name];
      data[k(address, key)] = { conversationId, at: t };
      writeJsonAtomic(path, data);
    },
  };
}
