import { Schema, type Connection, type Model } from "mongoose";
import { newId, type DomainEvent, type NewTimer, type Timer } from "../../model/index.js";
import type { MongoContext } from "./context.js";

/**
 * Durable timers in MongoDB (collection `timers`). Each invariant is one
 * single-document atomic operation, like the outbox:
 * - one timer per key: `_id` is the key, scheduling is an upsert that also
 *   drops any claim (a new snooze replaces the old one);
 * - one claimer at a time: a claim is a `findOneAndUpdate` whose filter says
 *   "unclaimed and due, or lease ran out" and whose update sets a fresh token,
 *   so a leased timer no longer matches anyone else's filter;
 * - completion only by the current claim: delete filtered on the token.
 * Events are written after the state change (never events for a change that
 * did not happen), as elsewhere in this engine.
 */
interface TimerDoc {
  _id: string;
  id: string;
  kind: string;
  conversationId: string | null;
  dueAt: Date;
  data: Record<string, unknown>;
  attempts: number;
  token: string | null;
  leaseUntil: Date | null;
  createdAt: Date;
}

const timerSchema = new Schema<TimerDoc>(
  {
    _id: String,
    id: String,
    kind: String,
    conversationId: { type: String, default: null },
    dueAt: Date,
    data: { type: Schema.Types.Mixed, default: {} },
    attempts: { type: Number, default: 0 },
    token: { type: String, default: null },
    leaseUntil: { type: Date, default: null },
    createdAt: Date,
  },
  { versionKey: false, minimize: false },
);
timerSchema.index({ dueAt: 1 });

const toTimer = (d: TimerDoc): Timer => ({
  id: d.id,
  key: d._id,
  kind: d.kind,
  conversationId: d.conversationId ?? null,
  dueAt: new Date(d.dueAt),
  data: d.data ?? {},
  attempts: d.attempts,
  token: d.token ?? null,
  leaseUntil: d.leaseUntil ? new Date(d.leaseUntil) : null,
  createdAt: new Date(d.createdAt),
});

export interface MongoTimers {
  schedule(timer: NewTimer, events: DomainEvent[]): Promise<void>;
  cancel(key: string, events: DomainEvent[]): Promise<boolean>;
  claim(now: Date, limit: number, leaseMs: number): Promise<Timer[]>;
  complete(id: string, token: string, events: DomainEvent[]): Promise<boolean>;
  release(id: string, token: string, retryAt: Date): Promise<boolean>;
  get(key: string): Promise<Timer | null>;
  nextDue(): Promise<Date | null>;
}

/** The model on the store's own connection, with its index created before first use. */
export async function createMongoTimers(conn: Connection, ctx: MongoContext): Promise<MongoTimers> {
  const timers: Model<TimerDoc> = conn.model<TimerDoc>("Timer", timerSchema, "timers");
  await timers.createIndexes();
  return {
    async schedule(timer, events) {
      await timers
        .updateOne(
          { _id: timer.key },
          {
            $set: {
              kind: timer.kind,
              conversationId: timer.conversationId,
              dueAt: timer.dueAt,
              data: timer.data,
              attempts: 0,
              token: null,
              leaseUntil: null,
              createdAt: timer.createdAt,
            },
            $setOnInsert: { id: newId("tm", timer.createdAt.getTime()) },
          },
          { upsert: true },
        )
        .exec();
      await ctx.writeEvents(events);
    },
    async cancel(key, events) {
      const r = await timers.deleteOne({ _id: key }).exec();
      if (r.deletedCount > 0) await ctx.writeEvents(events);
      return r.deletedCount > 0;
    },
    async claim(now, limit, leaseMs) {
      const out: Timer[] = [];
      for (let i = 0; i < limit; i++) {
        const doc = await timers
          .findOneAndUpdate(
            {
              $or: [
                { token: null, dueAt: { $lte: now } },
                { token: { $ne: null }, leaseUntil: { $lt: now } },
              ],
            },
            { $set: { token: newId("tk", now.getTime()), leaseUntil: new Date(now.getTime() + leaseMs) }, $inc: { attempts: 1 } },
            { sort: { dueAt: 1 }, returnDocument: "after" },
          )
          .lean<TimerDoc>()
          .exec();
        if (!doc) break;
        out.push(toTimer(doc));
      }
      return out;
    },
    async complete(id, token, events) {
      const r = await timers.deleteOne({ id, token }).exec();
      if (r.deletedCount > 0) await ctx.writeEvents(events);
      return r.deletedCount > 0;
    },
    async release(id, token, retryAt) {
      const r = await timers.updateOne({ id, token }, { $set: { token: null, leaseUntil: null, dueAt: retryAt } }).exec();
      return r.modifiedCount > 0;
    },
    async get(key) {
      const doc = await timers.findById(key).lean<TimerDoc>().exec();
      return doc ? toTimer(doc) : null;
    },
    async nextDue() {
      const [free] = await timers.find({ token: null }).sort({ dueAt: 1 }).limit(1).lean<TimerDoc[]>().exec();
      const [leased] = await timers
        .find({ token: { $ne: null } })
        .sort({ leaseUntil: 1 })
        .limit(1)
        .lean<TimerDoc[]>()
        .exec();
      const times = [free?.dueAt, leased?.leaseUntil].filter((d): d is Date => d instanceof Date).map((d) => d.getTime());
      return times.length ? new Date(Math.min(...times)) : null;
    },
  };
}
