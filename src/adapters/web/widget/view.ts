import type { PublicWidgetConfig } from "../config.js";
import type { ChatMessage, MessageList, ShownState } from "./messages.js";
import { STYLES } from "./styles.js";

export interface ViewHandlers {
  send(text: string): void;
  retry(clientMessageId: string): void;
  opened(): void;
  typed(): void;
}

const ICON_CHAT =
  '<svg viewBox="0 0 24 24" fill="currentColor" aria-hidden="true"><path d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z"/></svg>';
const ICON_SEND = '<svg viewBox="0 0 24 24" fill="currentColor" aria-hidden="true"><path d="M3 20.5 21 12 3 3.5 3 10l12 2-12 2z"/></svg>';
const AUTHOR: Record<string, string> = { agent: "Support agent", ai: "AI assistant", system: "Automatic message" };
const STATE_TEXT: Partial<Record<ShownState, string>> = {
  sending: "sending…",
  queued: "sending…",
  received: "✓ received",
  sent: "✓ received",
  delivered: "✓ received",
  read: "✓✓ read",
  failed: "failed –",
};

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Readable text colour (white or near-black) on the accent colour. */
function onColor(hex: string): string {
  let h = hex.replace("#", "");
  if (h.length === 3) h = h.replace(/./g, "$&$&");
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b! > 0.35 ? "#1f2328" : "#fff";
}

/**
 * The widget's DOM, inside a shadow root: launcher with unread badge, and a
 * panel with header, message list (aria-live), typing dots and the composer.
 * Message elements are keyed and reused, so updates do not re-announce the
 * whole conversation to screen readers.
 */
export interface View {
  readonly isOpen: boolean;
  mount(): void;
  open(): void;
  close(): void;
  setUnread(n: number): void;
  setStatus(text: string | null): void;
  setTyping(on: boolean): void;
  render(messages: MessageList): void;
}

export function createView(config: PublicWidgetConfig, handlers: ViewHandlers): View {
  const nodes = new Map<string, HTMLDivElement>();
  const root = el("div", { class: `tl ${config.position === "left" ? "left" : ""}` });
  root.style.setProperty("--a", config.accentColor);
  root.style.setProperty("--on", onColor(config.accentColor));

  const launcher = el("button", {
    type: "button",
    class: "launcher",
    "data-testid": "launcher",
    "aria-label": `Open chat: ${config.title}`,
    "aria-expanded": "false",
    "aria-controls": "tl-panel",
  });
  launcher.innerHTML = ICON_CHAT;
  const badge = el("span", { class: "badge", "data-testid": "unread", hidden: "" });
  launcher.append(badge);

  const panel = el("div", { id: "tl-panel", class: "panel", role: "dialog", "aria-label": config.title, "data-testid": "panel", hidden: "" });
  const head = el("div", { class: "head" });
  const titles = el("div");
  titles.append(el("p", { class: "t" }, config.title));
  if (config.subtitle) titles.append(el("p", { class: "s" }, config.subtitle));
  const closeButton = el("button", { type: "button", class: "close", "aria-label": "Close chat", "data-testid": "close" }, "×");
  closeButton.onclick = () => close();
  head.append(titles, closeButton);

  const status = el("div", { class: "status", role: "status", "data-testid": "status", hidden: "" });
  const list = el("div", { class: "list", role: "log", "aria-live": "polite", "aria-label": "Messages", "data-testid": "messages" });
  const empty = el("p", { class: "empty" }, "Ask us anything. We are here to help.");
  const typingEl = el("div", { class: "typing", "data-testid": "typing", hidden: "" });
  typingEl.innerHTML = '<span></span><span></span><span></span><i class="sr">typing…</i>';

  const form = el("form", { class: "form" });
  const input = el("textarea", {
    rows: "1",
    placeholder: "Write a message…",
    "aria-label": "Message",
    "data-testid": "input",
    maxlength: String(config.maxTextLength),
  });
  const sendButton = el("button", { type: "submit", class: "send", "aria-label": "Send message", "data-testid": "send" });
  sendButton.innerHTML = ICON_SEND;
  form.append(input, sendButton);
  form.onsubmit = (e) => {
    e.preventDefault();
    submit();
  };
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      submit();
    }
  });
  input.addEventListener("input", () => {
    grow();
    handlers.typed();
  });

  panel.append(head, status, list, form);
  panel.addEventListener("keydown", (e) => {
    if (e.key === "Escape") close();
  });
  launcher.onclick = () => (isOpen() ? close() : open());
  root.append(launcher, panel);

  function isOpen(): boolean {
    return !panel.hidden;
  }

  function open(): void {
    panel.hidden = false;
    root.classList.add("open");
    launcher.setAttribute("aria-expanded", "true");
    setUnread(0);
    scrollDown();
    input.focus();
    handlers.opened();
  }

  function close(): void {
    if (!isOpen()) return;
    panel.hidden = true;
    root.classList.remove("open");
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }

  function setUnread(n: number): void {
    badge.hidden = n === 0;
    badge.textContent = n > 9 ? "9+" : String(n);
    launcher.setAttribute("aria-label", `Open chat: ${config.title}${n ? ` (${n} unread)` : ""}`);
  }

  function create(m: ChatMessage): HTMLDivElement {
    const mine = m.authorKind === "customer";
    const node = el("div", { class: mine ? "msg me" : "msg", "data-testid": "message", "data-author": m.authorKind });
    if (!mine) node.append(el("span", { class: "who" }, AUTHOR[m.authorKind] ?? "Support"));
    node.append(el("div", { class: "bubble" }));
    if (mine) node.append(el("div", { class: "st", "data-testid": "message-state" }));
    nodes.set(m.key, node);
    return node;
  }

  function update(node: HTMLDivElement, m: ChatMessage, state: ShownState): void {
    const bubble = node.querySelector(".bubble")!;
    if (bubble.textContent !== m.text) bubble.textContent = m.text;
    if (m.id) node.dataset.id = m.id;
    const st = node.querySelector<HTMLElement>(".st");
    if (!st || st.dataset.state === state) return;
    st.dataset.state = state;
    st.textContent = STATE_TEXT[state] ?? "";
    st.title = m.error ?? "";
    if (state === "failed") {
      const retry = el("button", { type: "button", "data-testid": "retry", "aria-label": "Retry sending this message" }, "retry");
      retry.onclick = () => handlers.retry(m.clientMessageId ?? "");
      st.append(retry);
    }
  }

  function submit(): void {
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    grow();
    handlers.send(text);
    input.focus();
  }

  function grow(): void {
    input.style.height = "auto";
    input.style.height = `${Math.min(input.scrollHeight + 2, 120)}px`;
  }

  function atBottom(): boolean {
    return list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  }

  function scrollDown(): void {
    list.scrollTop = list.scrollHeight;
  }

  return {
    get isOpen() {
      return isOpen();
    },

    mount() {
      const host = el("div", { id: "threadline-chat" });
      const shadow = host.attachShadow({ mode: "open" });
      const style = el("style", {}, STYLES);
      shadow.append(style, root);
      document.body.append(host);
    },

    open,
    close,
    setUnread,

    setStatus(text) {
      status.hidden = text === null;
      status.textContent = text ?? "";
    },

    setTyping(on) {
      const wasAtBottom = atBottom();
      typingEl.hidden = !on;
      list.append(typingEl);
      if (wasAtBottom) scrollDown();
    },

    render(messages) {
      const wasAtBottom = atBottom();
      const keys = new Set(messages.items.map((m) => m.key));
      for (const [key, node] of nodes) {
        if (!keys.has(key)) {
          node.remove();
          nodes.delete(key);
        }
      }
      empty.remove();
      if (messages.items.length === 0) list.prepend(empty);
      messages.items.forEach((m, i) => {
        const node = nodes.get(m.key) ?? create(m);
        update(node, m, messages.shownState(m));
        if (list.children[i] !== node) list.insertBefore(node, list.children[i] ?? null);
      });
      list.append(typingEl);
      if (wasAtBottom) scrollDown();
    },
  };
}
