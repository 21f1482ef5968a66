import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyThreadMessage } from "../../../src/bots/slack/index.js";
import { startSlackStandIn, type SlackStandIn } from "../../fakes/slack-api.js";
import { envelope, mountedBot, settle, target, threadMessage, threadView } from "./helpers.js";

const REPLY_PREFIXES = ["!reply", "/r", ">>", ""];
const NOTE_PREFIXES = ["!note", "#", "//", ""];
const DEFAULTS = [false, true];

/** Texts an agent might write as an internal note under a given note prefix (leading spaces, case, punctuation, the reply prefix after it). */
function noteTexts(notePrefix: string, replyPrefix: string): string[] {
  if (!notePrefix) return [];
  return [
    `${notePrefix} check the payment first`,
    `${notePrefix.toUpperCase()} upper case`,
    `   ${notePrefix} leading spaces`,
    `${notePrefix} ${replyPrefix} reply prefix inside a note`,
    `${notePrefix}\n${replyPrefix} on the next line`,
  ];
}

describe("slack reply safety: every configuration combination", () => {
  for (const repliesByDefault of DEFAULTS) {
    for (const replyPrefix of REPLY_PREFIXES) {
      for (const notePrefix of NOTE_PREFIXES) {
        it(`replies_by_default=${repliesByDefault} reply_prefix=${JSON.stringify(replyPrefix)} note_prefix=${JSON.stringify(notePrefix)}`, () => {
          const opts = { replyPrefix, notePrefix, repliesByDefault };
          // A note-prefixed message is never a reply.
          for (const text of noteTexts(notePrefix, replyPrefix)) expect(classifyThreadMessage(text, opts).kind, text).not.toBe("reply");
          // Without replies_by_default, only the reply prefix can make a reply.
          const plain = classifyThreadMessage("Thanks, we will look into it", opts);
          expect(plain.kind).toBe(repliesByDefault ? "reply" : "note");
          if (replyPrefix && replyPrefix !== notePrefix) {
            expect(classifyThreadMessage(`${replyPrefix} Hello there`, opts)).toEqual({ kind: "reply", text: "Hello there" });
          }
          // A word that merely starts like the prefix is not the prefix.
          if (/\w$/.test(replyPrefix)) expect(classifyThreadMessage(`${replyPrefix}ing is not a reply`, opts).kind).toBe(repliesByDefault ? "reply" : "note");
        });
      }
    }
  }

  it("a reply prefix equal to the note prefix is a note (the safe side wins)", () => {
    expect(classifyThreadMessage("!x hi", { replyPrefix: "!x", notePrefix: "!x", repliesByDefault: false }).kind).toBe("note");
  });
});

describe("slack reply safety end to end (Events API → desk), per target setting", () => {
  let api: SlackStandIn;
  beforeAll(async () => {
    api = await startSlackStandIn();
  });
  afterAll(async () => {
    await api.close();
  });

  for (const repliesByDefault of DEFAULTS) {
    for (const [replyPrefix, notePrefix] of [
      ["!reply", "!note"],
      ["/r", "#"],
    ] as const) {
      it(`replies_by_default=${repliesByDefault}, prefixes ${replyPrefix} / ${notePrefix}: notes never become replies`, async () => {
        const m = await mountedBot(api, { behaviour: { replyPrefix, notePrefix } });
        try {
          const view = threadView();
          const ref = await m.bot.openThread(target({ repliesByDefault }), view);
          m.desk.threads.set(ref.threadId, view.conversation.id);
          const notes = noteTexts(notePrefix, replyPrefix);
          const fileShare = threadMessage(ref.target, ref.threadId, "screenshot of the admin panel", { subtype: "file_share", files: [{ id: "F1" }] });
          for (const text of notes) await m.postEvent(envelope(threadMessage(ref.target, ref.threadId, text)));
          await m.postEvent(envelope(fileShare));
          await m.postEvent(envelope(threadMessage(ref.target, ref.threadId, "plain message")));
          const events = await m.desk.waitFor(notes.length + 2);
          await settle(100);
          const plain = events.filter((e) => (e as { text?: string }).text === "plain message");
          expect(plain.map((e) => e.kind)).toEqual([repliesByDefault ? "reply" : "note"]);
          expect(events.filter((e) => e !== plain[0]).every((e) => e.kind === "note")).toBe(true);
          expect(events).toHaveLength(notes.length + 2);
        } finally {
          await m.close();
        }
      });
    }
  }
});
