import { z } from "zod";
import { readJson, writeJsonAtomic } from "./json-file.js";

const cursorFileSchema = z.record(z.string(), z.object({ uidValidity: z.string(), lastUid: z.number().int().min(0) }));

/** How far a mailbox has been processed: UIDs are only comparable while UIDVALIDITY stays the same. */
export interface MailboxCursor {
  uidValidity: string;
  lastUid: number;
}

export interface CursorStore {
  get(mailbox: string): MailboxCursor | null;
  /** Persists before returning (atomic rename), so a restart never processes an acknowledged mail again. */
  set(mailbox: string, cursor: MailboxCursor): void;
}

/**
 * The last processed UID (with its UIDVALIDITY) per mailbox, in a JSON file
 * under the channel's data directory. Advanced only after a mail was stored
 * (or deliberately ignored) and acknowledged on the server.
 */
export function fileCursorStore(path: string): CursorStore {
  const parsed = cursorFileSchema.safeParse(readJson<unknown>(path, {}));
  const data: Record<string, MailboxCursor> = parsed.success ? parsed.data : {};
  return {
    get: (mailbox) => data[mailbox] ?? null,
    set(mailbox, cursor) {
      data[mailbox] = cursor;
      writeJsonAtomic(path, data);
    },
  };
}
