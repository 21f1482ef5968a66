import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionContextType,
  type APIApplicationCommandOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import type { BotBehaviour } from "../../core/escalation/module.js";
import { PRIORITIES } from "../../core/model/conversation.js";
import { SNOOZE_CHOICES } from "./snooze.js";
import { truncate } from "./text.js";

/** The slash command names the bot answers. */
export const COMMAND_NAMES = [
  "reply",
  "note",
  "claim",
  "assign",
  "resolve",
  "reopen",
  "snooze",
  "priority",
  "tag",
  "canned",
  "handback",
  "loopin",
  "call",
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/** Discord allows at most 25 fixed choices; above that the option autocompletes. */
const MAX_CHOICES = 25;

/**
 * The slash commands registered (per guild) on start. They only act inside a
 * Threadline escalation thread; anywhere else they answer an ephemeral error.
 * No `default_member_permissions`: who may act is decided by `agent_roles`
 * in the bot, so the rule lives in one place (the config) for commands,
 * buttons, messages and reactions alike.
 */
export function slashCommands(behaviour: Pick<BotBehaviour, "cannedNames" | "targetNames">): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  const text = (name: string, description: string, required = true): APIApplicationCommandOption => ({
    type: ApplicationCommandOptionType.String,
    name,
    description,
    required,
    max_length: 4000,
  });
  const pick = (name: string, description: string, values: readonly string[], required = true): APIApplicationCommandOption =>
    values.length > 0 && values.length <= MAX_CHOICES
      ? {
          type: ApplicationCommandOptionType.String,
          name,
          description,
          required,
          choices: values.map((v) => ({ name: truncate(v, 100), value: truncate(v, 100) })),
        }
      : { type: ApplicationCommandOptionType.String, name, description, required, autocomplete: true };
  const cmd = (name: CommandName, description: string, options: APIApplicationCommandOption[] = []): RESTPostAPIChatInputApplicationCommandsJSONBody => ({
    type: ApplicationCommandType.ChatInput,
    name,
    description,
    options,
    contexts: [InteractionContextType.Guild],
  });
  return [
    cmd("reply", "Reply to the customer (sent on their channel after the undo window)", [text("text", "What the customer receives")]),
    cmd("note", "Add an internal note (never sent to the customer)", [text("text", "The note")]),
    cmd("claim", "Take this conversation (assign it to yourself)"),
    cmd("assign", "Assign this conversation to an agent", [text("agent", "Agent id or name from the Threadline config")]),
    cmd("resolve", "Resolve this conversation", [text("note", "Optional internal resolution note", false)]),
    cmd("reopen", "Reopen this conversation"),
    cmd("snooze", "Snooze this conversation (it wakes when the customer writes)", [
      {
        type: ApplicationCommandOptionType.String,
        name: "until",
        description: "How long",
        required: true,
        choices: SNOOZE_CHOICES.map((s) => ({ name: s.label, value: s.value })),
      },
    ]),
    cmd("priority", "Set the priority", [
      {
        type: ApplicationCommandOptionType.String,
        name: "level",
        description: "Priority",
        required: true,
        choices: PRIORITIES.map((p) => ({ name: p, value: p })),
      },
    ]),
    cmd("tag", "Tag this conversation", [{ type: ApplicationCommandOptionType.String, name: "name", description: "Tag", required: true, max_length: 64 }]),
    cmd("canned", "Send a canned response to the customer (after the undo window)", [pick("name", "Canned response", behaviour.cannedNames)]),
    cmd("handback", "Hand the conversation back to the AI"),
    cmd("loopin", "Loop in another team (opens a linked thread there)", [
      pick("team", "Team to loop in", behaviour.targetNames),
      text("text", "What you need from them", false),
    ]),
    cmd("call", "Start a call: the customer receives a meeting link"),
  ];
}

/** Autocomplete answers for an option: names containing what was typed, at most 25. */
export function autocompleteChoices(values: readonly string[], typed: string): { name: string; value: string }[] {
  const q = typed.trim().toLowerCase();
  return values
    .filter((v) => v.toLowerCase().includes(q))
    .slice(0, MAX_CHOICES)
    .map((v) => ({ name: truncate(v, 100), value: truncate(v, 100) }));
}
