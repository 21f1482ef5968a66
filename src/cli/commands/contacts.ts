import type { Command } from "commander";
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { IDENTITY_KINDS, type IdentityKind } from "../../core/model/index.js";
import { normaliseIdentity } from "../../core/pipeline/identity.js";
import { exportContact, exportContactByIdentity } from "../../core/privacy/export.js";
import { eraseContact } from "../../core/privacy/erase.js";
import { systemClock } from "../../core/clock.js";
import { channelStoredFiles } from "../../adapters/stored-files.js";
import type { CliIo } from "../io.js";
import { withConfiguredStore } from "../with-store.js";

/** `threadline contacts export|erase`: everything the store holds about one person, as JSON, or erased (data protection, issue 16). */
export function registerContactsCommand(program: Command, io: CliIo): void {
  const contacts = program.command("contacts").description("Data about one person: export, erase");
  contacts
    .command("export [contactId]")
    .description("Print (or write with --out) everything the store holds about a contact, machine-readable JSON")
    .option("-c, --config <file>", "config file")
    .option("--identity <kind:value>", `find the contact by an identity instead of its id (kinds: ${IDENTITY_KINDS.join(", ")}), e.g. email:ana@example.com`)
    .option("--out <file>", "write the JSON to this file instead of stdout")
    .action(async (contactId: string | undefined, opts: { config?: string; identity?: string; out?: string }) => {
      const identity = parseIdentityOption(io, contactId, opts.identity);
      if (identity === false) return;
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
          io.stdout(
            `wrote ${doc.messages.length} messages, ${doc.conversations.length} conversations and ${doc.events.length} events of ${doc.contact.id} to ${opts.out}\n`,
          );
        } else io.stdout(json);
      });
    });
  registerEraseCommand(contacts, io);
}

/** The --identity option parsed and normalised; null without it; false (after reporting) when the arguments are wrong. */
function parseIdentityOption(io: CliIo, contactId: string | undefined, option: string | undefined): { kind: IdentityKind; value: string } | null | false {
  let identity: { kind: IdentityKind; value: string } | null = null;
  if (option) {
    const at = option.indexOf(":");
    const kind = option.slice(0, at) as IdentityKind;
    if (at < 1 || !IDENTITY_KINDS.includes(kind)) {
      fail(io, `--identity must be kind:value with a kind of ${IDENTITY_KINDS.join(", ")}`);
      return false;
    }
    identity = normaliseIdentity(kind, option.slice(at + 1));
  }
  if (!contactId === !identity) {
    fail(io, "give a contact id or --identity kind:value (one of them)");
    return false;
  }
  return identity;
}

/** `threadline contacts erase`: the right to erasure (docs/privacy.md). */
function registerEraseCommand(contacts: Command, io: CliIo): void {
  contacts
    .command("erase [contactId]")
    .description("Erase a person: messages, attachments and stored files, identities, name and profile; events kept without personal data. Irreversible")
    .option("-c, --config <file>", "config file")
    .option("--identity <kind:value>", `find the contact by an identity instead of its id (kinds: ${IDENTITY_KINDS.join(", ")})`)
    .option("--yes", "really erase (without it, only shows what would be erased)")
    .option("--by <name>", "who erases, recorded in the audit event (default: $USER)")
    .action(async (contactId: string | undefined, opts: { config?: string; identity?: string; yes?: boolean; by?: string }) => {
      const identity = parseIdentityOption(io, contactId, opts.identity);
      if (identity === false) return;
      const by = (opts.by ?? io.env.USER ?? io.env.USERNAME ?? "cli").trim() || "cli";
      await withConfiguredStore(opts.config, io, async (store, loaded) => {
        const contact = identity ? await store.findContactByIdentity(identity) : await store.getContact(contactId!);
        if (!contact) {
          io.stderr(`no contact ${identity ? `with identity ${identity.kind}:${identity.value}` : contactId}\n`);
          process.exitCode = 1;
          return;
        }
        if (!opts.yes) {
          const conversations = await store.listConversations({ contactId: contact.id, limit: Number.MAX_SAFE_INTEGER });
          let messages = 0;
          for (const c of conversations) messages += (await store.listMessages(c.id, { limit: Number.MAX_SAFE_INTEGER })).length;
          io.stdout(
            `would erase contact ${contact.id}: ${contact.identities.length} identities, ${conversations.length} conversations, ${messages} messages, ` +
              `and the contacts merged into it. Nothing was changed; run again with --yes to erase (irreversible).\n`,
          );
          process.exitCode = 1;
          return;
        }
        const files = channelStoredFiles(resolve(io.cwd, loaded.config.hub.data_dir));
        const result = await eraseContact({ store, clock: systemClock, files }, { contactId: contact.id }, by);
        if (result.status === "not_found") {
          io.stderr(`no contact ${contact.id}\n`);
          process.exitCode = 1;
        } else if (result.status === "merged") {
          io.stderr(`contact ${result.contactId} is merged into ${result.mergedInto}: erase ${result.mergedInto}, which erases both\n`);
          process.exitCode = 1;
        } else if (result.status === "already_erased") {
          io.stdout(
            `contact ${result.contactId} was already erased (${result.event.at.toISOString()}, by ${String(result.event.data.by ?? "?")}); nothing changed\n`,
          );
        } else {
          const c = result.counts;
          const merged = result.contactIds.length > 1 ? ` and ${result.contactIds.length - 1} merged contact(s) ${result.contactIds.slice(1).join(", ")}` : "";
          io.stdout(
            `erased contact ${result.contactId}${merged}: ${c.messages} messages, ${c.attachments} attachments, ${c.files} stored files, ` +
              `${c.identities} identities, ${c.conversations} conversations, ${c.events} events reduced, ${c.outbox} queued deliveries, ${c.timers} timers\n`,
          );
          const threads = (await store.listConversations({ contactId: result.contactId, limit: Number.MAX_SAFE_INTEGER })).filter((cv) => cv.escalation);
          if (threads.length > 0) {
            io.stdout(`copies in Slack/Discord are NOT deleted; delete these threads there by hand:\n`);
            for (const cv of threads) io.stdout(`  ${cv.escalation!.platform} ${cv.escalation!.target} ${cv.escalation!.url ?? cv.escalation!.threadId}\n`);
          }
        }
      });
    });
}

function fail(io: CliIo, message: string): void {
  io.stderr(`${message}\n`);
  process.exitCode = 2;
}
