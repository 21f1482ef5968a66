import type { Express } from "express";
import type { Server } from "node:http";
import type { z } from "zod";
import type { Clock } from "../clock.js";
import type { Logger } from "../logger.js";
import type { ChannelId, Identity, Message } from "../model/index.js";
import type { ChannelAdapter } from "./adapter.js";

/** What the composition root gives a channel factory. */
export interface ChannelDeps {
  logger: Logger;
  clock: Clock;
  /** Directory for the channel's local state (sessions, caches), under the hub's data dir. */
  dataDir: string;
  /** Public base URL of the hub (for webhooks and links). */
  publicUrl: string;
  /** Reads the customer-visible history (latest conversation) of the contact that owns an identity: web chat reload, WhatsApp's 24-hour window after a restart. */
  history(identity: Identity, limit: number): Promise<Message[]>;
}

/** A channel adapter that also serves HTTP (web chat, webhooks). */
export interface HttpChannelAdapter extends ChannelAdapter {
  /** Mounts routes and websocket upgrades on the hub's server. Called once, before listening. */
  mount(app: Express, server: Server): void;
  /** Paths whose websocket upgrades this adapter handles; the hub answers upgrades on any other path with 404. */
  readonly upgradePaths?: readonly string[];
}

/**
 * A channel as the registry knows it: its config schema (a section under
 * `channels:` in threadline.yaml) and a factory. Adding a channel means one
 * folder exporting a ChannelModule plus one line in src/adapters/registry.ts.
 *
 * `secrets` names the config keys that come from the environment; when one is
 * missing the channel is reported as disabled (never a crash).
 */
export interface ChannelModule<C = unknown> {
  id: ChannelId;
  configSchema: z.ZodType<C>;
  /** Config keys (within the channel's section) whose value must come from an env var for the channel to run. */
  requiredSecrets: readonly string[];
  /**
   * Why this (parsed) config cannot run although its required secrets are set, e.g. webhook mode
   * without the webhook secret; null when it can. The plan then reports the channel disabled with
   * this reason, so neither the start-up log nor `config check` says "on" for something that will
   * not work.
   */
  cannotRun?(config: C): string | null;
  /**
   * Builds the adapter. May be async so a module loads its vendor SDK only
   * when the channel is switched on (start-up does not pay for channels that are off).
   */
  create(config: C, deps: ChannelDeps): ChannelAdapter | HttpChannelAdapter | Promise<ChannelAdapter | HttpChannelAdapter>;
}

export function isHttpAdapter(a: ChannelAdapter): a is HttpChannelAdapter {
  return typeof (a as Partial<HttpChannelAdapter>).mount === "function";
}
