import type { PublicWidgetConfig } from "../config.js";

/** Compiled in by the hub's esbuild step (see widget-bundle.ts); absent in a prebuilt bundle. */
declare const __THREADLINE_WIDGET_CONFIG__: PublicWidgetConfig | undefined;

const DEFAULTS: PublicWidgetConfig = { title: "Chat with us", subtitle: "", accentColor: "#2f6f4e", position: "right", maxTextLength: 4000 };

/** Where the widget was loaded from: the hub's origin and the script tag's data attributes. */
export interface Embed {
  origin: string;
  openAtLoad: boolean;
}

/** Reads the embedding script tag. Must run while the script itself executes (document.currentScript). */
export function readEmbed(): Embed {
  const script = document.currentScript as HTMLScriptElement | null;
  const src = script?.src;
  return {
    origin: src ? new URL(src, location.href).origin : location.origin,
    openAtLoad: script?.dataset.open === "true",
  };
}

export async function loadConfig(origin: string): Promise<PublicWidgetConfig> {
  if (typeof __THREADLINE_WIDGET_CONFIG__ !== "undefined") return __THREADLINE_WIDGET_CONFIG__;
  try {
    const res = await fetch(`${origin}/api/web/config`, { credentials: "omit" });
    if (res.ok) return { ...DEFAULTS, ...((await res.json()) as Partial<PublicWidgetConfig>) };
  } catch {
    // Offline: the defaults still give a working widget.
  }
  return DEFAULTS;
}

/** A signed identity the host page hands the widget (see docs/web-chat.md "Signed identity"). */
export interface PageIdentity {
  identity: Record<string, unknown>;
  signature: string;
}

/**
 * Reads `window.threadlineSettings = { identity: { user_id, … }, signature }`,
 * set by the host page before the widget's script tag. Null when the page set
 * none (an anonymous visitor) or something that is not that shape.
 */
export function readPageIdentity(): PageIdentity | null {
  const settings = (window as unknown as { threadlineSettings?: unknown }).threadlineSettings;
  if (typeof settings !== "object" || settings === null) return null;
  const { identity, signature } = settings as { identity?: unknown; signature?: unknown };
  if (typeof identity !== "object" || identity === null || Array.isArray(identity) || typeof signature !== "string") return null;
  return { identity: identity as Record<string, unknown>, signature };
}
