/**
 * Measures maintained quote-stripping libraries against our splitter on the
 * fixture corpus (the figures in docs/email.md). Not a test and not a
 * dependency: install the libraries anywhere and point LIB_DIR at that
 * node_modules, e.g.
 *   mkdir /tmp/libeval && cd /tmp/libeval && npm i email-reply-parser@2.3.9 planer@1.2.0
 *   LIB_DIR=/tmp/libeval/node_modules npx tsx tests/adapters/email/compare-libraries.ts
 * Optional OLD_STRIPPER=path/to/quotes.ts adds an earlier version of ours.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { splitReply } from "../../../src/adapters/email/quotes.js";
import { loadCorpus, loadMail, score } from "./corpus.js";

type Stripper = (text: string, subject: string, isReply: boolean) => string;

async function strippers(): Promise<Record<string, Stripper>> {
  const out: Record<string, Stripper> = {
    threadline: (text, subject, isReply) => splitReply(text, { subject, isReply }).text,
  };
  const libDir = process.env.LIB_DIR;
  if (libDir) {
    const require = createRequire(join(libDir, "noop.js"));
    const erp = require("email-reply-parser") as { default: new () => { read(t: string): { getVisibleText(): string } } };
    const EmailReplyParser = erp.default;
    out["email-reply-parser 2.3.9"] = (text) => new EmailReplyParser().read(text).getVisibleText();
    const planer = require("planer") as { extractFrom(t: string, type: string): string };
    out["planer 1.2.0 (text mode)"] = (text) => planer.extractFrom(text, "text/plain");
  }
  if (process.env.OLD_STRIPPER) {
    const old = (await import(pathToFileURL(process.env.OLD_STRIPPER).href)) as { stripQuoted(t: string): string };
    out["threadline before issue 17"] = (text) => old.stripQuoted(text);
  }
  return out;
}

const corpus = loadCorpus().filter((c) => c.robot === null);
const mails = await Promise.all(corpus.map(async (c) => ({ c, mail: await loadMail(c) })));
for (const [name, strip] of Object.entries(await strippers())) {
  let kept = 0,
    stripped = 0,
    withHistory = 0;
  const failures: string[] = [];
  for (const { c, mail } of mails) {
    let text: string;
    try {
      text = strip(mail.text, mail.subject, mail.inReplyTo.length > 0);
    } catch (err) {
      failures.push(`${c.file}: threw ${(err as Error).message}`);
      continue;
    }
    const s = score(c, text);
    if (s.keptAll) kept++;
    else failures.push(`${c.file}: lost ${s.missing.join(" | ")}`);
    if (c.drop.length > 0) {
      withHistory++;
      if (s.strippedAll) stripped++;
      else failures.push(`${c.file}: kept ${s.leaked.join(" | ")}`);
    }
  }
  console.log(`${name}: kept all new text in ${kept}/${mails.length}, stripped history in ${stripped}/${withHistory}`);
  if (process.env.VERBOSE) for (const f of failures) console.log(`  ${f}`);
}
