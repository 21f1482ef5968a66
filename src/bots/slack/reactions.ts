/**
 * Unicode emoji → Slack's short names, for the reactions config
 * (`escalation.reactions`, written as emoji so Slack and Discord share one
 * setting). Slack reports reactions by name, with skin tones as a
 * `::skin-tone-N` suffix.
 */
const UNICODE_TO_SLACK: Record<string, string> = {
  "✅": "white_check_mark",
  "✔️": "heavy_check_mark",
  "✔": "heavy_check_mark",
  "☑️": "ballot_box_with_check",
  "👀": "eyes",
  "👍": "+1",
  "👌": "ok_hand",
  "🙋": "raising_hand",
  "✋": "hand",
  "🙌": "raised_hands",
  "🆗": "ok",
  "🏁": "checkered_flag",
  "🎉": "tada",
  "🔒": "lock",
  "💯": "100",
  "🔥": "fire",
  "❌": "x",
  "🛠️": "hammer_and_wrench",
  "🤝": "handshake",
};

/** The Slack name for a configured emoji (unicode, `:name:` or a bare name), or null when unknown. */
export function slackReactionName(emoji: string): string | null {
  const trimmed = emoji.trim();
  const known = UNICODE_TO_SLACK[trimmed] ?? UNICODE_TO_SLACK[trimmed.replace(/\uFE0F/g, "")];
  if (known) return known;
  const named = /^:?([a-z0-9_+'-]+):?$/.exec(trimmed);
  return named ? named[1]! : null;
}

/** Builds name → action for the reactions config; `unknown` lists emoji that have no Slack name in the table. */
export function reactionTable<A extends string>(reactions: Record<string, A>): { byName: Map<string, A>; unknown: string[] } {
  const byName = new Map<string, A>();
  const unknown: string[] = [];
  for (const [emoji, action] of Object.entries(reactions)) {
    const name = slackReactionName(emoji);
    if (name) byName.set(name, action);
    else unknown.push(emoji);
  }
  return { byName, unknown };
}

/** Slack's reaction name without the skin-tone suffix. */
export function baseReactionName(name: string): string {
  return name.replace(/::skin-tone-\d$/, "");
}
