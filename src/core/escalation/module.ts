import type { Express } from "express";
import type { Server } from "node:http";
import type { z } from "zod";
import type { Clock } from "../clock.js";
import type { Logger } from "../logger.js";
import type { EscalationBot, EscalationTarget } from "./port.js";

/**
 * Settings every bot applies the same way, from the `escalation:` config
 * section, so Slack and Discord behave identically.
 */
export interface BotBehaviour {
  /** A thread message starting with this is a reply to the customer (e.g. "!reply "); case-insensitive. */
  replyPrefix: string;
  /** In a `replies_by_default` target, a message starting with this stays internal (e.g. "!note "). */
  notePrefix: string;
  /**
   * A thread message starting with this sets a contact attribute (e.g. "!set " → `!set tier vip`), checked after
   * the note prefix and before the reply prefix; it never reaches the customer. Absent: no such command.
   */
  setPrefix?: string;
  /** Emoji (unicode, e.g. "✅") → action; Slack bots map them to Slack's names (white_check_mark). */
  reactions: Record<string, "resolve" | "claim">;
  /** How long an agent's reply can still be undone before the outbox sends it. */
  undoWindowMs: number;
  /** Names of canned responses (from config), for pickers and autocomplete. */
  cannedNames: string[];
  /** Target names agents can loop in. */
  targetNames: string[];
  /**
   * This platform's targets from config, known from the start: a thread
   * message after a restart is classified by its channel's
   * `replies_by_default` without waiting for the next `openThread`.
   */
  targets: EscalationTarget[];
}

/** What the composition root gives a bot factory. */
export interface BotDeps {
  logger: Logger;
  clock: Clock;
  /** Directory for the bot's local state, under the hub's data dir. */
  dataDir: string;
  publicUrl: string;
  behaviour: BotBehaviour;
}

/** A bot that also serves HTTP (Slack's Events API and interactivity endpoints). */
export interface HttpEscalationBot extends EscalationBot {
  /** Mounts routes on the hub's server. Called once, before listening. Must read the raw body itself (signature check). */
  mount(app: Express, server: Server): void;
}

export function isHttpBot(b: EscalationBot): b is HttpEscalationBot {
  return typeof (b as Partial<HttpEscalationBot>).mount === "function";
}

/**
 * A bot platform as the registry (src/bots/registry.ts) knows it: its config
 * schema (a section under `bots:` in threadline.yaml), the config keys whose
 * values must come from env, and a factory. Missing secrets → the bot is
 * reported disabled, never a crash.
 */
export interface BotModule<C = unknown> {
  platform: string;
  configSchema: z.ZodType<C>;
  requiredSecrets: readonly string[];
  /** Runs without a section under `bots:` (the built-in inbox); a section with `enabled: false` still switches it off. */
  builtIn?: boolean;
  /** Why this (parsed) config cannot run although its required secrets are set; null when it can (see ChannelModule.cannotRun). */
  cannotRun?(config: C): string | null;
  /** Builds the bot; may be async so the vendor SDK is loaded only when the bot runs. */
  create(config: C, deps: BotDeps): EscalationBot | HttpEscalationBot | Promise<EscalationBot | HttpEscalationBot>;
}
