import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { registerContactsCommand } from "../../src/cli/commands/contacts.js";
import { makeContact, makeConversation, makeInboundMessage } from "../../src/core/model/index.js";
import { openSqliteStore } from "../../src/core/store/sqlite/sqlite-store.js";
import { runCommand } from "../knowledge/helpers/kb-cli.js";

const T0 = new Date("2026-11-25T09:00:00Z");

async function seededStore(dir: string) {
  const store = openSqliteStore({ path: join(dir, "threadline.db") });
  const people: Record<string, string> = {};
  for (const [name, identity, text] of [
    ["Ana", { kind: "telegram", value: "111" }, "my order 4471 never arrived"],
    ["Bob", { kind: "email", value: "bob@example.com" }, "Bob's private complaint"],
  ] as const) {
    const contact = await store.createContact(makeContact({ name, identities: [identity], at: T0 }), []);
    const conversation = await store.createConversation(
      makeConversation({ contactId: contact.id, channel: identity.kind === "email" ? "email" : "telegram", at: T0 }),
      [],
    );
    await store.appendMessage(
      makeInboundMessage({ conversationId: conversation.id, contactId: contact.id, channel: conversation.lastChannel, externalId: `${name}-1`, text, at: T0 }),
      [],
    );
    people[name] = contact.id;
  }
  await store.close();
  return people;
}

describe("threadline contacts export", () => {
  it("prints everything about one person as JSON, found by id or identity, and writes a private file with --out", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tl-export-"));
    const people = await seededStore(dir);
    const config = join(dir, "threadline.yaml");
    writeFileSync(config, `hub: { name: Test, data_dir: ${dir} }\n`);
    const run = (args: string[]) => runCommand(registerContactsCommand, ["contacts", "export", ...args, "--config", config]);

    const byId = await run([people.Ana!]);
    expect(byId.code).toBe(0);
    const doc = JSON.parse(byId.stdout);
    expect(doc.contact).toMatchObject({ id: people.Ana, name: "Ana" });
    expect(doc.messages.map((m: { text: string }) => m.text)).toEqual(["my order 4471 never arrived"]);
    expect(byId.stdout).not.toContain("Bob");

    const byIdentity = await run(["--identity", "telegram:111"]);
    expect(JSON.parse(byIdentity.stdout).contact.id).toBe(people.Ana);

    const out = join(dir, "ana.json");
    const written = await run([people.Ana!, "--out", out]);
    expect(written.stdout).toMatch(/wrote 1 messages/);
    expect(JSON.parse(readFileSync(out, "utf8")).contact.id).toBe(people.Ana);
    expect(statSync(out).mode & 0o077).toBe(0);

    expect((await run(["ct_nobody"])).code).toBe(1);
    expect((await run(["--identity", "fax:123"])).code).toBe(2);
    expect((await run([])).code).toBe(2);
  });
});
