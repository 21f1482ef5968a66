import { ThreadlineError } from "../errors.js";

/** A `cursor` that no previous inbox page produced (tampered, truncated, from another version). */
export class InvalidCursorError extends ThreadlineError {
  constructor(cause?: unknown) {
    super("invalid_cursor", "not a cursor from a previous page");
    if (cause !== undefined) this.cause = cause;
  }
}

/** Where the previous inbox page ended: its last row's sort key and id. */
export interface InboxCursor {
  /** The sort key: the hand-off time (ISO string, "" when none) for "waiting", epoch ms of the last message for "recent". */
  key: string | number;
  id: string;
}

export function encodeInboxCursor(cursor: InboxCursor): string {
  return Buffer.from(JSON.stringify([cursor.key, cursor.id]), "utf8").toString("base64url");
}

/** Reads a cursor made by {@link encodeInboxCursor}; throws {@link InvalidCursorError} for anything else. */
export function decodeInboxCursor(text: string): InboxCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch (cause) {
    throw new InvalidCursorError(cause);
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || !(typeof parsed[0] === "string" || Number.isFinite(parsed[0])) || typeof parsed[1] !== "string") {
    throw new InvalidCursorError();
  }
  return { key: parsed[0] as string | number, id: parsed[1] };
}
