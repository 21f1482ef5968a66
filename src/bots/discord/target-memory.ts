import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import type { EscalationTarget } from "../../core/escalation/port.js";

const fileSchema = z.object({
  version: z.literal(1),
  channels: z.record(
    z.string(),
    z.object({
      /** Target name → its replies_by_default flag. */
      targets: z.record(z.string(), z.boolean()),
    }),
  ),
});

export interface TargetMemory {
  remember(target: EscalationTarget): void;
  /**
   * Whether plain messages in threads under `channelId` go to the customer.
   * True only when EVERY target seen for that channel says so; unknown → false
   * (the safe default: an internal note).
   */
  repliesByDefault(channelId: string): boolean;
  /** The target names seen for a channel (for status keys), or []. */
  targetNames(channelId: string): string[];
}

/**
 * Which targets live in which Discord channel, and their `replies_by_default`.
 * The contract hands the bot its target only in `openThread`/`notify`, but a
 * plain message arrives later (possibly after a restart) with just a thread
 * id; the bot maps thread → parent channel → this memory. It is persisted as
 * a small JSON file in the bot's data dir so a restart does not forget. The
 * failure mode is safe by construction: an unknown channel means "note".
 */
export function createTargetMemory(dataDir: string | null): TargetMemory {
  const file = dataDir ? join(dataDir, "discord-targets.json") : null;
  const channels = new Map<string, Map<string, boolean>>();
  if (file) {
    try {
      const parsed = fileSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
      if (parsed.success) {
        for (const [ch, v] of Object.entries(parsed.data.channels)) channels.set(ch, new Map(Object.entries(v.targets)));
      }
    } catch {
      /* no file yet, or unreadable: start empty (safe default) */
    }
  }

  function save(): void {
    if (!file || !dataDir) return;
    const data = { version: 1, channels: Object.fromEntries([...channels].map(([ch, t]) => [ch, { targets: Object.fromEntries(t) }])) };
    mkdirSync(dataDir, { recursive: true });
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, JSON.stringify(data, null, 2));
    renameSync(tmp, file);
  }

  return {
    remember(target) {
      const t = channels.get(target.channel) ?? new Map<string, boolean>();
      if (t.get(target.name) === target.repliesByDefault) return;
      t.set(target.name, target.repliesByDefault);
      channels.set(target.channel, t);
      save();
    },
    repliesByDefault(channelId) {
      const t = channels.get(channelId);
      return t !== undefined && t.size > 0 && [...t.values()].every(Boolean);
    },
    targetNames(channelId) {
      return [...(channels.get(channelId)?.keys() ?? [])];
    },
  };
}
