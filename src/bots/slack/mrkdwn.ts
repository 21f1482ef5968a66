/**
 * Slack mrkdwn helpers. Everything that did not come from our own code (customer
 * text, names, field values, card text written by the AI) is escaped, so a
 * customer cannot ping `<!channel>`, forge a `<@U…>` mention or a link.
 */
export function esc(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Cuts text to Slack's limits (section text 3000, field 2000, plain_text labels 75/150), marking the cut. */
export function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** A date Slack renders in each reader's own time zone, with the ISO time as fallback. */
export function slackDate(d: Date): string {
  const epoch = Math.floor(d.getTime() / 1000);
  return `<!date^${epoch}^{date_short_pretty} {time}|${d.toISOString()}>`;
}

export function plain(text: string, max = 75): { type: "plain_text"; text: string; emoji: true } {
  return { type: "plain_text", text: cut(text, max), emoji: true };
}

export function md(text: string, max = 3000): { type: "mrkdwn"; text: string } {
  return { type: "mrkdwn", text: cut(text, max) };
}

export type SlackBlock = Record<string, unknown>;

/**
 * Slack message text as plain text for the customer: entities decoded,
 * links `<url|label>` as "label (url)", labelled mentions as their label,
 * bare user/channel ids dropped.
 */
export function fromSlackText(text: string): string {
  return (
    text
      .replace(/<([^<>|]+)\|([^<>]+)>/g, (_m, target: string, label: string) => {
        if (target.startsWith("@") || target.startsWith("#") || target.startsWith("!"))
          return label.startsWith("@") || label.startsWith("#") ? label : `${target.startsWith("#") ? "#" : "@"}${label}`;
        const url = target.startsWith("mailto:") ? target.slice(7) : target;
        return url === label ? label : `${label} (${url})`;
      })
      .replace(/<(https?:\/\/[^<>]+|mailto:[^<>]+)>/g, (_m, url: string) => (url.startsWith("mailto:") ? url.slice(7) : url))
      // Bare internal references mean nothing to a customer (and ids should not leak).
      .replace(/<!(here|channel|everyone)(\|[^<>]*)?>/g, "@$1")
      .replace(/<[@#][A-Z0-9]+>|<![^<>]*>/g, "")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&")
  );
}
