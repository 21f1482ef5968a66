import { useCallback, useEffect, useState } from "preact/hooks";
import { api, ApiError, onChange, type InboxPage, type InboxRow } from "./api.js";
import { CHANNELS, formatWait } from "./format.js";

const VIEWS: { id: string; label: string }[] = [
  { id: "waiting", label: "Waiting for a human" },
  { id: "unassigned", label: "Unassigned" },
  { id: "mine", label: "Mine" },
  { id: "queue", label: "By queue" },
  { id: "resolved", label: "Resolved" },
];

/** The inbox: one view at a time, longest wait first, paged by cursor, refreshed live when something changes. */
export function Inbox() {
  const params = new URLSearchParams(location.search);
  const [view, setView] = useState(params.get("view") ?? "waiting");
  const [queue, setQueue] = useState<string | null>(params.get("queue"));
  const [rows, setRows] = useState<InboxRow[]>([]);
  const [page, setPage] = useState<InboxPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [announce, setAnnounce] = useState("");
  const [nowMs, setNowMs] = useState(Date.now());

  const load = useCallback(
    async (cursor: string | null) => {
      try {
        const p = await api.inbox(view, view === "queue" ? (queue ?? "") : null, cursor);
        setPage(p);
        setRows((old) => (cursor ? [...old, ...p.rows] : p.rows));
        setNowMs(Date.parse(p.now));
        setError(null);
        if (view === "queue" && !queue && p.queues[0]) setQueue(p.queues[0].id);
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return void location.assign("/console");
        setError(err instanceof Error ? err.message : String(err));
      }
    },
    [view, queue],
  );

  useEffect(() => {
    const q = new URLSearchParams({ view, ...(view === "queue" && queue ? { queue } : {}) });
    history.replaceState(null, "", `/console?${q.toString()}`);
    void load(null);
  }, [view, queue, load]);

  useEffect(
    () =>
      onChange((change) => {
        if (change.kind === "escalated") setAnnounce("New escalation in your inbox.");
        void load(null);
      }),
    [load],
  );

  useEffect(() => {
    const t = setInterval(() => setNowMs((n) => n + 30_000), 30_000);
    return () => clearInterval(t);
  }, []);

  return (
    <main class="inbox" aria-labelledby="inbox-title">
      <h1 id="inbox-title" class="visually-hidden">
        Inbox
      </h1>
      <nav class="views" aria-label="Inbox views">
        {VIEWS.map((v) => (
          <button
            type="button"
            class={v.id === view ? "view active" : "view"}
            aria-pressed={v.id === view}
            data-testid={`view-${v.id}`}
            onClick={() => setView(v.id)}
          >
            {v.label}
          </button>
        ))}
        {view === "queue" && page && (
          <label class="queue-pick">
            Queue
            <select value={queue ?? ""} onChange={(e) => setQueue(e.currentTarget.value)}>
              {page.queues.map((q) => (
                <option value={q.id}>{q.name}</option>
              ))}
            </select>
          </label>
        )}
      </nav>
      <p class="visually-hidden" aria-live="polite" data-testid="announce">
        {announce}
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {page && rows.length === 0 && (
        <p class="empty" data-testid="inbox-empty">
          Nothing here. New escalations appear here as they arrive.
        </p>
      )}
      <ul class="rows" data-testid="inbox-rows">
        {rows.map((r) => (
          <li key={r.id}>
            <a class="row" href={`/console/c/${encodeURIComponent(r.id)}`} data-testid="inbox-row" data-id={r.id}>
              <span class="who">
                <strong>{r.customer}</strong>
                <span class="muted"> · {CHANNELS[r.channel] ?? r.channel}</span>
              </span>
              <span class="goal">{r.goal ?? "—"}</span>
              <span class="meta">
                {r.queueName && <span class="tag">{r.queueName}</span>}
                {r.priority !== "normal" && <span class={`tag prio-${r.priority}`}>{r.priority}</span>}
                {r.risk && r.risk !== "low" && <span class={`tag risk-${r.risk}`}>risk {r.risk}</span>}
                <span class="tag">{r.assigneeName ? `→ ${r.assigneeName}` : "unassigned"}</span>
              </span>
              <span class="wait" title="Waiting since the hand-off" data-testid="waiting">
                {view === "resolved" || view === "mine" ? formatWait(r.lastMessageAt, nowMs) : formatWait(r.waitingSince, nowMs)}
              </span>
            </a>
          </li>
        ))}
      </ul>
      {page?.next && (
        <button type="button" class="more" onClick={() => void load(page.next)}>
          Load more
        </button>
      )}
    </main>
  );
}
