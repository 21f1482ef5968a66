import { z } from "zod";
import type { BotDeps, BotModule } from "../../core/escalation/module.js";
import type { EscalationBot } from "../../core/escalation/port.js";

/** `bots.inbox` (optional): the built-in inbox runs unless switched off here. */
export const inboxConfigSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe("false switches the built-in inbox target off (its targets then cannot deliver)."),
  })
  .describe("The built-in inbox: escalation targets with `platform: inbox` are shown in the hub's console at /console. On without configuration.");

export type InboxConfig = z.output<typeof inboxConfigSchema>;

/**
 * The built-in escalation target (`platform: inbox`). Nothing leaves the
 * hub: the conversation, its messages and its card are already in the store,
 * and the console (/console) shows them to agents; opening a "thread" only
 * records where the conversation is shown. So it always can deliver, with no
 * secret and no network. Mirrors and card updates need no work (the console
 * reads the store); alerts addressed to an inbox target are logged without
 * their text (it may quote a customer).
 */
export function createInboxBot(deps: Pick<BotDeps, "logger" | "publicUrl">): EscalationBot {
  const consoleUrl = (conversationId: string) => `${deps.publicUrl.replace(/\/$/, "")}/console/c/${encodeURIComponent(conversationId)}`;
  let notices = 0;
  return {
    platform: "inbox",
    async start() {},
    async stop() {},
    status: () => ({ ok: true, detail: "ok: conversations are shown in the console (/console)" }),
    async openThread(target, view) {
      const id = view.conversation.id;
      return { platform: "inbox", target: target.channel, threadId: id, url: consoleUrl(id) };
    },
    async mirror() {},
    async update() {},
    async notify(target, _text, options) {
      notices++;
      deps.logger.info({ target: target.name }, "alert for an inbox target (the console shows conversations, not alerts; the text is not logged)");
      return { platform: "inbox", target: target.channel, threadId: options?.linkTo?.threadId ?? `notice-${notices}` };
    },
  };
}

export const inboxBot: BotModule<InboxConfig> = {
  platform: "inbox",
  configSchema: inboxConfigSchema,
  requiredSecrets: [],
  builtIn: true,
  create: (_config, deps) => createInboxBot(deps),
};
