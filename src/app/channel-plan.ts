import type { ChannelModule } from "../core/channel/module.js";
import type { BotModule } from "../core/escalation/module.js";
import type { MissingEnv } from "../core/config/interpolate.js";
import type { ThreadlineConfig } from "../core/config/schema.js";
import type { ChannelId } from "../core/model/index.js";

/** What the hub will do with one registered channel, and why (shown in the start-up log and `config check`). */
export interface ChannelPlan {
  id: ChannelId;
  state: "on" | "off" | "disabled";
  /** For off/disabled: the reason in words, naming the env var to set when that is the cause. */
  reason: string | null;
  config: unknown;
}

/**
 * Decides which channels run. A channel absent from the config (or with
 * `enabled: false`) is off; one whose required secret came from an unset env
 * var is disabled with the variable named. Neither is an error: a newcomer runs
 * the hub with only web chat and sees what they could switch on.
 */
export function planChannels(config: ThreadlineConfig, modules: readonly ChannelModule[], missingEnv: readonly MissingEnv[]): ChannelPlan[] {
  return planSections(
    "channels",
    config.channels,
    modules.map((m) => ({ ...m, id: m.id })),
    missingEnv,
  ) as ChannelPlan[];
}

/** What the hub will do with one registered bot platform (same rules as channels, under `bots:`). */
export interface BotPlan {
  id: string;
  state: "on" | "off" | "disabled";
  reason: string | null;
  config: unknown;
}

export function planBots(config: ThreadlineConfig, modules: readonly BotModule[], missingEnv: readonly MissingEnv[]): BotPlan[] {
  return planSections(
    "bots",
    config.bots,
    modules.map((m) => ({ ...m, id: m.platform })),
    missingEnv,
  );
}

interface PlannedModule {
  id: string;
  requiredSecrets: readonly string[];
  builtIn?: boolean;
  configSchema: { safeParse(v: unknown): { success: true; data: unknown } | { success: false } };
  // The module's own config type: called only with what its schema parsed.
  cannotRun?(config: never): string | null;
}

function planSections(
  root: "channels" | "bots",
  sections: Record<string, unknown>,
  modules: readonly PlannedModule[],
  missingEnv: readonly MissingEnv[],
): BotPlan[] {
  return modules.map((module) => {
    const section = (sections[module.id] ?? (module.builtIn ? {} : undefined)) as { enabled?: boolean } | undefined;
    if (section === undefined) return { id: module.id, state: "off", reason: "not configured", config: undefined };
    if (section.enabled === false) return { id: module.id, state: "off", reason: "enabled: false", config: section };
    const absent = module.requiredSecrets.flatMap((key) => {
      if ((section as Record<string, unknown>)[key] !== undefined) return [];
      const fromEnv = missingEnv.filter((m) => m.key === `${root}.${module.id}.${key}`).map((m) => m.variable);
      return fromEnv.length > 0 ? fromEnv.map((v) => `${v} is not set`) : [`${root}.${module.id}.${key} is empty`];
    });
    if (absent.length > 0) return { id: module.id, state: "disabled", reason: absent.join("; "), config: section };
    const parsed = module.configSchema.safeParse(section);
    const cannot = parsed.success ? ((module.cannotRun as ((c: unknown) => string | null) | undefined)?.(parsed.data) ?? null) : null;
    if (cannot) return { id: module.id, state: "disabled", reason: cannot, config: section };
    return { id: module.id, state: "on", reason: null, config: section };
  });
}
