import { describe, expect, it } from "vitest";
import { splitReply } from "../../../src/adapters/email/quotes.js";
import { robotVerdict } from "../../../src/adapters/email/robots.js";
import { loadCorpus, loadMail, score } from "./corpus.js";

const OUR_ADDRESS = "support@shop.example";
const corpus = loadCorpus();
const people = corpus.filter((c) => c.robot === null);
const robots = corpus.filter((c) => c.robot !== null);

describe("the e-mail corpus: every word the customer wrote, none of the history", () => {
  it.each(people.map((c) => [c.file, c] as const))("%s", async (_file, c) => {
    const mail = await loadMail(c);
    const parts = splitReply(mail.text, { subject: mail.subject, isReply: mail.inReplyTo.length > 0 });
    const s = score(c, parts.text);
    expect(s.missing, `customer words lost (${c.client}, ${c.lang})`).toEqual([]);
    expect(s.leaked, `quoted history kept (${c.client}, ${c.lang})`).toEqual([]);
  });
});

describe("the e-mail corpus: robots are recognised, people are not", () => {
  it.each(corpus.map((c) => [c.file, c] as const))("%s", async (_file, c) => {
    const verdict = robotVerdict(await loadMail(c), OUR_ADDRESS);
    expect(verdict?.kind ?? null, verdict?.reason ?? "no verdict").toBe(c.robot);
  });
});

describe("corpus figures (docs/email.md)", () => {
  it("prints the measured figures", async () => {
    let kept = 0,
      stripped = 0,
      withHistory = 0,
      detected = 0,
      falsePositives = 0;
    for (const c of people) {
      const mail = await loadMail(c);
      const s = score(c, splitReply(mail.text, { subject: mail.subject, isReply: mail.inReplyTo.length > 0 }).text);
      if (s.keptAll) kept++;
      if (c.drop.length > 0) {
        withHistory++;
        if (s.strippedAll) stripped++;
      }
      if (robotVerdict(mail, OUR_ADDRESS)) falsePositives++;
    }
    for (const c of robots) if (robotVerdict(await loadMail(c), OUR_ADDRESS)?.kind === c.robot) detected++;
    const languages = new Set(corpus.map((c) => c.lang)).size;
    console.log(
      `email corpus: ${corpus.length} mails, ${languages} languages; kept all new text in ${kept}/${people.length}, stripped history in ${stripped}/${withHistory}, robots detected ${detected}/${robots.length}, false positives on people's mails ${falsePositives}/${people.length}`,
    );
    expect(kept).toBe(people.length);
  });
});
