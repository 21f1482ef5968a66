/**
 * Which web origins may talk to the web chat from a browser. The hub's own
 * origin (same host as the request's Host header, or the configured public
 * URL) is always allowed; others only when listed in `allowed_origins`
 * ("*" allows any). Requests without an Origin header (non-browser clients)
 * are not cross-site requests and are allowed; the token still guards them.
 */
export class OriginPolicy {
  private readonly any: boolean;
  private readonly listed: Set<string>;
  private readonly publicOrigin: string | null;

  constructor(allowedOrigins: readonly string[], publicUrl: string) {
    this.any = allowedOrigins.includes("*");
    this.listed = new Set(allowedOrigins.filter((o) => o !== "*").map(normalizeOrigin).filter((o): o is string => o !== null));
    this.publicOrigin = normalizeOrigin(publicUrl);
  }

  /** True when the origin is the hub itself (no CORS needed). */
  isSameOrigin(origin: string, hostHeader: string | undefined): boolean {
    const o = normalizeOrigin(origin);
    if (o === null) return false;
    if (o === this.publicOrigin) return true;
    return hostHeader !== undefined && new URL(o).host === hostHeader.toLowerCase();
  }

  /** True when a cross-site page at `origin` may embed the widget (CORS and websocket). */
  isListed(origin: string): boolean {
    if (this.any) return true;
    const o = normalizeOrigin(origin);
    return o !== null && this.listed.has(o);
  }

  allows(origin: string | undefined, hostHeader: string | undefined): boolean {
    if (origin === undefined) return true;
    return this.isSameOrigin(origin, hostHeader) || this.isListed(origin);
  }
}

function normalizeOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    return url.origin.toLowerCase();
  } catch {
    return null;
  }
}
