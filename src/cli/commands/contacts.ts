import type { Command } from "commander";
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { IDENTITY_KINDS, type IdentityKind } from "../../core/model/index.js";
import { normaliseIdentity } from "../../core/pipeline/identity.js";
import { exportContact, exportContactByIdentity } from "../../core/privacy/export.js";
import type { CliIo } from "../io.js";
import { withConfiguredStore } from "../with-store.js";

/** `threadline contacts export`: everything the store holds about one person, as JSON (data protection, issue 16). */
export function registerContactsCommand(program: Command, io: CliIo): void {
  const contacts = program.command("contacts").description("Data about one person: export");
  contacts
    .command("export [contactId]")
    .description("Print (or write with --out) everything the store holds about a contact, machine-readable JSON")
    .option("-c, --config <file>", "config file")
    .option("--identity <kind:value>", `find the contact by an identity instead of its id (kinds: ${IDENTITY_KINDS.join(", ")}), e.g. email:ana@example.com`)
    .option("--out <file>", "write the JSON to this file instead of stdout")
    .action(async (contactId: string | undefined, opts: { config?: string; identity?: string; out?: string }) => {
      let identity: { kind: IdentityKind; value: string } | null = null;
      if (opts.identity) {
        const at = opts.identity.indexOf(":");
        const kind = opts.identity.slice(0, at) as IdentityKind;
        if (at < 1 || !IDENTITY_KINDS.includes(kind)) return fail(io, `--identity must be kind:value with a kind of ${IDENTITY_KINDS.join(", ")}`);
        identity = normaliseIdentity(kind, opts.identity.slice(at + 1));
      }
      if (!contactId === !identity) return fail(io, "give a contact id or --identity kind:value (one of them)");
      await withConfiguredStore(opts.config, io, async (store) => {
        const doc = identity ? await exportContactByIdentity(store, identity, new Date()) : await exportContact(store, contactId!, new Date());
        if (!doc) {
          io.stderr(`no contact ${identity ? `with identity ${identity.kind}:${identity.value}` : contactId}\n`);
          process.exitCode = 1;
          return;
        }
        const json = `${JSON.stringify(doc, null, 2)}\n`;
        if (opts.out) {
          writeFileSync(resolve(io.cwd, opts.out), json, { mode: 0o600 });
          io.stdout(`wrote ${doc.messages.length} messages, ${doc.conversations.length} conversations and ${doc.events.length} events of ${doc.contact.id} to ${opts.out}\n`);
        } else io.stdout(json);
      });
    });
}

function fail(io: CliIo, message: string): void {
  io.stderr(`${message}\n`);
  process.exitCode = 2;
}
