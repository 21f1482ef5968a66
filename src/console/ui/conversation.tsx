import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError, onChange, type Card, type ConversationDetail, type ThreadMessage } from "./api.js";
import { CHANNELS, formatTime, formatWait } from "./format.js";

/** One conversation: the thread, the handoff card, and the composer (replies go through the hub's desk and outbox). */
export function ConversationPage(props: { id: string }) {
  const [detail, setDetail] = useState<ConversationDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setDetail(await api.conversation(props.id));
      setError(null);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return void location.assign("/console");
      setError(err instanceof Error ? err.message : String(err));
    }
  }, [props.id]);

  useEffect(() => void load(), [load]);
  useEffect(
    () =>
      onChange((c) => {
        if (c.conversationId === props.id) void load();
      }),
    [load, props.id],
  );
  // Replies wait in the outbox (undo window) before they go out: look again until none is on its way.
  const pending = detail?.messages.some((m) => m.direction === "outbound" && (m.deliveryState === "queued" || m.deliveryState === "sending")) ?? false;
  useEffect(() => {
    if (!pending) return;
    const t = setTimeout(() => void load(), 2_000);
    return () => clearTimeout(t);
  }, [pending, detail, load]);

  const act = async (action: Record<string, unknown>): Promise<boolean> => {
    try {
      const r = await api.act(props.id, action);
      setNotice(r.message ?? null);
      await load();
      return true;
    } catch (err) {
      setNotice(err instanceof Error ? err.message : String(err));
      return false;
    }
  };

  const resend = async (messageId: string, via?: string): Promise<void> => {
    try {
      const r = await api.resend(props.id, messageId, via);
      setNotice(r.duplicate ? "That reply was already resent." : `Resent on ${CHANNELS[r.channel] ?? r.channel}.`);
    } catch (err) {
      setNotice(err instanceof Error ? err.message : String(err));
    }
    await load();
  };

  if (error)
    return (
      <main class="conversation">
        <p class="error" role="alert">
          {error}
        </p>
        <a href="/console">Back to the inbox</a>
      </main>
    );
  if (!detail)
    return (
      <main class="conversation">
        <p class="muted">Loading…</p>
      </main>
    );
  const c = detail.conversation;
  return (
    <main class="conversation" data-testid="conversation">
      <header class="conv-head">
        <a href="/console" class="back">
          ← Inbox
        </a>
        <h1>{detail.customer.name}</h1>
        <p class="muted">
          {CHANNELS[c.lastChannel] ?? c.lastChannel} · {c.queueName ?? "no queue"} · <span data-testid="status">{c.status}</span>
          {" · "}
          {c.assigneeName ? `assigned to ${c.assigneeName}` : "unassigned"}
          {c.owner === "ai" ? " · AI answering" : ""}
        </p>
        <div class="actions">
          <button type="button" onClick={() => void act({ kind: "claim" })} data-testid="claim">
            Claim
          </button>
          {c.status === "resolved" || c.status === "closed" ? (
            <button type="button" onClick={() => void act({ kind: "reopen" })} data-testid="reopen">
              Reopen
            </button>
          ) : (
            <button type="button" onClick={() => void act({ kind: "resolve" })} data-testid="resolve">
              Resolve
            </button>
          )}
        </div>
        {notice && (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
      </header>
      <div class="conv-body">
        <section class="thread" aria-label="Messages">
          <ol class="messages" data-testid="messages">
            {detail.messages.map((m) => (
              <MessageItem
                m={m}
                onUndo={(id) => void act({ kind: "undo_reply", messageId: id })}
                channels={detail.channels}
                onResend={(id, via) => void resend(id, via)}
              />
            ))}
          </ol>
          <Composer replyTo={detail.replyTo} onSend={(kind, text) => act({ kind, text })} />
        </section>
        {detail.card && <HandoffPanel card={detail.card} now={Date.parse(detail.now)} />}
      </div>
    </main>
  );
}

function MessageItem(props: { m: ThreadMessage; channels: string[]; onUndo(id: string): void; onResend(id: string, via?: string): void }) {
  const { m } = props;
  const who =
    m.direction === "inbound"
      ? "Customer"
      : m.direction === "internal"
        ? `Note${m.authorName ? ` · ${m.authorName}` : ""}`
        : m.author === "agent"
          ? (m.authorName ?? "Agent")
          : m.author === "ai"
            ? "AI"
            : "Automatic";
  return (
    <li class={`msg ${m.direction} by-${m.author}`} data-testid="message" data-direction={m.direction}>
      <div class="msg-head">
        <strong>{who}</strong>{" "}
        <span class="muted">
          {CHANNELS[m.channel] ?? m.channel} · {formatTime(m.createdAt)}
        </span>
      </div>
      <div class="msg-text">{m.text}</div>
      {m.attachments.length > 0 && <div class="muted small">📎 {m.attachments.map((a) => a.name).join(", ")}</div>}
      {m.direction === "outbound" && (
        <div class="muted small" data-testid="delivery">
          {m.deliveryState}
          {m.deliveryState === "queued" && m.author === "agent" && (
            <>
              {" "}
              ·{" "}
              <button type="button" class="link" onClick={() => props.onUndo(m.id)}>
                Undo
              </button>
            </>
          )}
          {m.deliveryState === "failed" && m.error && m.error !== "cancelled" && (
            <>
              {" "}
              ·{" "}
              <span class="error" data-testid="delivery-error">
                not delivered: {m.error}
              </span>
            </>
          )}
          {m.resendable && (
            <>
              {" "}
              ·{" "}
              <button type="button" class="link" onClick={() => props.onResend(m.id)} data-testid="resend">
                Resend
              </button>
            </>
          )}
          {m.resendable &&
            props.channels
              .filter((c) => c !== m.channel)
              .map((c) => (
                <>
                  {" "}
                  ·{" "}
                  <button type="button" class="link" onClick={() => props.onResend(m.id, c)} data-testid={`resend-via-${c}`}>
                    Resend via {CHANNELS[c] ?? c}
                  </button>
                </>
              ))}
          {m.resentAs && (
            <>
              {" "}
              · <span data-testid="resent">resent</span>
            </>
          )}
        </div>
      )}
    </li>
  );
}

function Composer(props: { replyTo: ConversationDetail["replyTo"]; onSend(kind: "reply" | "note", text: string): Promise<boolean> }) {
  const [text, setText] = useState("");
  const [kind, setKind] = useState<"reply" | "note">("reply");
  const [busy, setBusy] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const send = async () => {
    if (!text.trim() || busy) return;
    setBusy(true);
    if (await props.onSend(kind, text)) setText("");
    setBusy(false);
    area.current?.focus();
  };
  return (
    <form
      class="composer"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
      data-testid="composer"
    >
      <div class="composer-kind" role="radiogroup" aria-label="Message type">
        <label>
          <input type="radio" name="kind" checked={kind === "reply"} onChange={() => setKind("reply")} /> Reply to customer
        </label>
        <label>
          <input type="radio" name="kind" checked={kind === "note"} onChange={() => setKind("note")} /> Internal note
        </label>
      </div>
      <label class="visually-hidden" for="composer-text">
        {kind === "reply" ? "Reply" : "Note"}
      </label>
      <textarea
        id="composer-text"
        ref={area}
        rows={3}
        value={text}
        data-testid="composer-text"
        placeholder={
          kind === "reply" ? `Reply${props.replyTo ? ` via ${props.replyTo.recipient}` : ""}… (Ctrl+Enter sends)` : "Internal note, never sent to the customer…"
        }
        onInput={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void send();
          }
        }}
      />
      <button type="submit" class="primary" disabled={busy || !text.trim()} data-testid="send">
        {kind === "reply" ? "Send reply" : "Add note"}
      </button>
    </form>
  );
}

function HandoffPanel(props: { card: Card; now: number }) {
  const { card } = props;
  const fields = Object.entries(card.fields);
  return (
    <aside class="card handoff" aria-label="Handoff card" data-testid="handoff">
      <h2>Handoff</h2>
      <p class="goal">{card.goal}</p>
      <dl>
        <dt>Why</dt>
        <dd>
          {card.reason}
          {card.rule ? ` (rule ${card.rule})` : ""}
        </dd>
        <dt>Risk</dt>
        <dd>
          <span class={`tag risk-${card.risk}`}>{card.risk}</span>
        </dd>
        <dt>Priority</dt>
        <dd>{card.priority}</dd>
        <dt>Waiting</dt>
        <dd>
          {formatWait(card.createdAt, props.now)}
          {card.slaDueAt ? ` · reply due ${formatTime(card.slaDueAt)}` : ""}
        </dd>
        {card.intent && (
          <>
            <dt>Intent</dt>
            <dd>{card.intent}</dd>
          </>
        )}
        <dt>Language</dt>
        <dd>
          {card.language}
          {card.languageNote ? ` (${card.languageNote})` : ""}
        </dd>
        {fields.length > 0 && (
          <>
            <dt>Collected</dt>
            <dd>
              {fields.map(([k, v]) => (
                <div>
                  <code>{k}</code>: {v}
                </div>
              ))}
            </dd>
          </>
        )}
        {card.missingFields.length > 0 && (
          <>
            <dt>Still missing</dt>
            <dd>{card.missingFields.join(", ")}</dd>
          </>
        )}
        <dt>Next step</dt>
        <dd>{card.nextAction}</dd>
      </dl>
      {card.stepsTried.length > 0 && (
        <>
          <h3>Already tried</h3>
          <ol class="steps">
            {card.stepsTried.map((s) => (
              <li>{s}</li>
            ))}
          </ol>
        </>
      )}
      {card.articles.length > 0 && (
        <>
          <h3>Articles used</h3>
          <ul>
            {card.articles.map((a) => (
              <li>
                {a.title} <span class="muted">(v{a.version})</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}
