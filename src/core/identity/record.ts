import { z } from "zod";
import { ThreadlineError } from "../errors.js";
import { IDENTITY_KINDS, type MergeRecord } from "../model/index.js";

/**
 * The MergeRecord as it comes back out of event data (an edge: the event log
 * is read years later, by other versions). Validated before anything is
 * reversed with it.
 */
export const mergeRecordSchema = z.object({
  id: z.string().min(1),
  sourceId: z.string().min(1),
  targetId: z.string().min(1),
  at: z.string(),
  identities: z.array(z.object({ kind: z.enum(IDENTITY_KINDS), value: z.string() })),
  conversationIds: z.array(z.string()),
  messageCount: z.number().int().nonnegative(),
  profileKeysAdded: z.array(z.string()),
  profileConflicts: z.array(z.string()),
  nameAdopted: z.boolean(),
});

export function parseMergeRecord(value: unknown, eventId: string): MergeRecord {
  const parsed = mergeRecordSchema.safeParse(value);
  if (!parsed.success) {
    throw new ThreadlineError("merge_record_invalid", `event ${eventId} carries no valid merge record: ${parsed.error.issues[0]?.message ?? "invalid"}`, {
      eventId,
    });
  }
  return parsed.data;
}
