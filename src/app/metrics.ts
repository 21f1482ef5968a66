import { OUTBOX_STATUSES, type ChannelId } from "../core/model/index.js";
import type { Store } from "../core/store/port.js";

/**
 * The hub's own lines for GET /metrics (Prometheus text format): outbox
 * backlog by status and which channels run. Counters of messages and
 * outcomes come from the event log in the analytics issue.
 */
export async function formatHubMetrics(store: Store, channels: Iterable<ChannelId>): Promise<string> {
  const lines = ["# HELP threadline_outbox_entries Outbound deliveries not yet done, by status (delivered ones leave the outbox).", "# TYPE threadline_outbox_entries gauge"];
  for (const status of OUTBOX_STATUSES) {
    lines.push(`threadline_outbox_entries{status="${status}"} ${await store.countOutbox(status)}`);
  }
  lines.push("# HELP threadline_channel_running Channels running in this process.", "# TYPE threadline_channel_running gauge");
  for (const id of channels) lines.push(`threadline_channel_running{channel="${id}"} 1`);
  lines.push(`# TYPE threadline_store_info gauge`, `threadline_store_info{engine="${store.engine}"} 1`);
  return `${lines.join("\n")}\n`;
}
