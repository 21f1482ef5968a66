import type { DomainEvent } from "../../model/index.js";
import { toEventDoc } from "./mappers.js";
import type { CounterDoc, MongoModels } from "./schemas.js";

/** Names of the counters in the `counters` collection, one per collection whose documents carry a `seq`. */
export type SeqCounter = "identities" | "conversations" | "messages" | "events" | "outbox";

/** What the per-concept operation modules (contacts, conversations, messages, outbox) share. */
export interface MongoContext {
  models: MongoModels;
  /** Reserves `count` consecutive sequence numbers of `counter` (one atomic `$inc`) and returns the first. */
  nextSeq(counter: SeqCounter, count?: number): Promise<number>;
  /** Appends events in the given order (one counter round-trip, one ordered insert); no-op for none. */
  writeEvents(events: DomainEvent[]): Promise<void>;
}

/** A MongoDB duplicate-key error (E11000), as thrown by insertOne, insertMany (bulk write) and upserts. */
export function isDuplicateKeyError(err: unknown): boolean {
  if (typeof err !== "object" || err === null) return false;
  const code = (err as { code?: unknown }).code;
  return code === 11000 || code === 11001;
}

export function createMongoContext(models: MongoModels): MongoContext {
  const nextSeq = async (counter: SeqCounter, count = 1): Promise<number> => {
    for (let attempt = 0; ; attempt++) {
      try {
        const doc = await models.counters
          .findOneAndUpdate({ _id: counter }, { $inc: { seq: count } }, { upsert: true, returnDocument: "after" })
          .lean<CounterDoc>()
          .exec();
        if (!doc) throw new Error(`counter ${counter} was not returned by its upsert`);
        return doc.seq - count + 1;
      } catch (err) {
        // The very first upserts of a counter can race on its _id; the loser retries and then finds the document.
        if (attempt < 2 && isDuplicateKeyError(err)) continue;
        throw err;
      }
    }
  };

  const writeEvents = async (events: DomainEvent[]): Promise<void> => {
    if (events.length === 0) return;
    const first = await nextSeq("events", events.length);
    await models.events.insertMany(
      events.map((e, i) => toEventDoc(e, first + i)),
      { ordered: true },
    );
  };

  return { models, nextSeq, writeEvents };
}

/**
 * The port's limits read like SQL `LIMIT`: 0 returns nothing and a negative
 * limit means no limit. MongoDB reads 0 as "no limit" and a negative one as
 * "one batch", so queries translate: null means "return nothing without
 * asking", 0 means unlimited.
 */
export function mongoLimit(limit: number): number | null {
  if (limit < 0) return 0;
  const n = Math.floor(limit);
  return n === 0 ? null : n;
}
