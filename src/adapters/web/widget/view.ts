import type { PublicWidgetConfig } from "../config.js";
import type { ChatMessage, MessageList, ShownState } from "./messages.js";
import { STYLES } from "./styles.js";

export interface ViewHandlers {
  send(text: string): void;
  retry(clientMessageId: string): void;
  opened(): void;
  typed(): void;
}

const ICON_CHAT = '<svg viewBox="0 0 24 24" fill="currentColor" aria-hidden="true"><path d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z"/></svg>';
const ICON_SEND = '<svg viewBox="0 0 24 24" fill="currentColor" aria-hidden="true"><path d="M3 20.5 21 12 3 3.5 3 10l12 2-12 2z"/></svg>';
const AUTHOR: Record<string, string> = { agent: "Support agent", ai: "AI assistant", system: "Automatic message" };
const STATE_TEXT: Partial<Record<ShownState, string>> = { sending: "sending…", queued: "sending…", received: "✓ received", sent: "✓ received", delivered: "✓ received", read: "✓✓ read", failed: "failed –" };

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
export class View {
  private readonly root: HTMLDivElement;
  private readonly launcher: HTMLButtonElement;
  private readonly badge: HTMLSpanElement;
  private readonly panel: HTMLDivElement;
  private readonly status: HTMLDivElement;
  private readonly list: HTMLDivElement;
  private readonly empty: HTMLParagraphElement;
  private readonly typingEl: HTMLDivElement;
  private readonly input: HTMLTextAreaElement;
  private readonly nodes = new Map<string, HTMLDivElement>();

  constructor(private readonly config: PublicWidgetConfig, private readonly handlers: ViewHandlers) {
    this.root = el("div", { class: `tl ${config.position === "left" ? "left" : ""}` });
    this.root.style.setProperty("--a", config.accentColor);
    this.root.style.setProperty("--on", onColor(config.accentColor));

    this.launcher = el("button", { type: "button", class: "launcher", "data-testid": "launcher", "aria-label": `Open chat: ${config.title}`, "aria-expanded": "false", "aria-controls": "tl-panel" });
    this.launcher.innerHTML = ICON_CHAT;
    this.badge = el("span", { class: "badge", "data-testid": "unread", hidden: "" });
    this.launcher.append(this.badge);

    this.panel = el("div", { id: "tl-panel", class: "panel", role: "dialog", "aria-label": config.title, "data-testid": "panel", hidden: "" });
    const head = el("div", { class: "head" });
    const titles = el("div");
    titles.append(el("p", { class: "t" }, config.title));
    if (config.subtitle) titles.append(el("p", { class: "s" }, config.subtitle));
    const close = el("button", { type: "button", class: "close", "aria-label": "Close chat", "data-testid": "close" }, "×");
    close.onclick = () => this.close();
    head.append(titles, close);

    this.status = el("div", { class: "status", role: "status", "data-testid": "status", hidden: "" });
    this.list = el("div", { class: "list", role: "log", "aria-live": "polite", "aria-label": "Messages", "data-testid": "messages" });
    this.empty = el("p", { class: "empty" }, "Ask us anything. We are here to help.");
    this.typingEl = el("div", { class: "typing", "data-testid": "typing", hidden: "" });
    this.typingEl.innerHTML = '<span></span><span></span><span></span><i class="sr">typing…</i>';

    const form = el("form", { class: "form" });
    this.input = el("textarea", { rows: "1", placeholder: "Write a message…", "aria-label": "Message", "data-testid": "input", maxlength: String(config.maxTextLength) });
    const send = el("button", { type: "submit", class: "send", "aria-label": "Send message", "data-testid": "send" });
    send.innerHTML = ICON_SEND;
    form.append(this.input, send);
    form.onsubmit = (e) => {
      e.preventDefault();
      this.submit();
    };
    this.input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.submit();
      }
    });
    this.input.addEventListener("input", () => {
      this.grow();
      this.handlers.typed();
    });

    this.panel.append(head, this.status, this.list, form);
    this.panel.addEventListener("keydown", (e) => {
      if (e.key === "Escape") this.close();
    });
    this.launcher.onclick = () => (this.isOpen ? this.close() : this.open());
    this.root.append(this.launcher, this.panel);
  }

  mount(): void {
    const host = el("div", { id: "threadline-chat" });
    const shadow = host.attachShadow({ mode: "open" });
    const style = el("style", {}, STYLES);
    shadow.append(style, this.root);
    document.body.append(host);
  }

  get isOpen(): boolean {
    return !this.panel.hidden;
  }

  open(): void {
    this.panel.hidden = false;
    this.root.classList.add("open");
    this.launcher.setAttribute("aria-expanded", "true");
    this.setUnread(0);
    this.scrollDown();
    this.input.focus();
    this.handlers.opened();
  }

  close(): void {
    if (!this.isOpen) return;
    this.panel.hidden = true;
    this.root.classList.remove("open");
    this.launcher.setAttribute("aria-expanded", "false");
    this.launcher.focus();
  }

  setUnread(n: number): void {
    this.badge.hidden = n === 0;
    this.badge.textContent = n > 9 ? "9+" : String(n);
    this.launcher.setAttribute("aria-label", `Open chat: ${this.config.title}${n ? ` (${n} unread)` : ""}`);
  }

  setStatus(text: string | null): void {
    this.status.hidden = text === null;
    this.status.textContent = text ?? "";
  }

  setTyping(on: boolean): void {
    const atBottom = this.atBottom();
    this.typingEl.hidden = !on;
    this.list.append(this.typingEl);
    if (atBottom) this.scrollDown();
  }

  render(messages: MessageList): void {
    const atBottom = this.atBottom();
    const keys = new Set(messages.items.map((m) => m.key));
    for (const [key, node] of this.nodes) {
      if (!keys.has(key)) {
        node.remove();
        this.nodes.delete(key);
      }
    }
    this.empty.remove();
    if (messages.items.length === 0) this.list.prepend(this.empty);
    messages.items.forEach((m, i) => {
      const node = this.nodes.get(m.key) ?? this.create(m);
      this.update(node, m, messages.shownState(m));
      if (this.list.children[i] !== node) this.list.insertBefore(node, this.list.children[i] ?? null);
    });
    this.list.append(this.typingEl);
    if (atBottom) this.scrollDown();
  }

  private create(m: ChatMessage): HTMLDivElement {
    const mine = m.authorKind === "customer";
    const node = el("div", { class: mine ? "msg me" : "msg", "data-testid": "message", "data-author": m.authorKind });
    if (!mine) node.append(el("span", { class: "who" }, AUTHOR[m.authorKind] ?? "Support"));
    node.append(el("div", { class: "bubble" }));
    if (mine) node.append(el("div", { class: "st", "data-testid": "message-state" }));
    this.nodes.set(m.key, node);
    return node;
  }

  private update(node: HTMLDivElement, m: ChatMessage, state: ShownState): void {
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
      retry.onclick = () => this.handlers.retry(m.clientMessageId ?? "");
      st.append(retry);
    }
  }

  private submit(): void {
    const text = this.input.value.trim();
    if (!text) return;
    this.input.value = "";
    this.grow();
    this.handlers.send(text);
    this.input.focus();
  }

  private grow(): void {
    this.input.style.height = "auto";
    this.input.style.height = `${Math.min(this.input.scrollHeight + 2, 120)}px`;
  }

  private atBottom(): boolean {
    return this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 40;
  }

  private scrollDown(): void {
    this.list.scrollTop = this.list.scrollHeight;
  }
}
