/**
 * Which web origins may talk to the web chat from a browser. The hub's own
 * origin (same host as the request's Host header, or the configured public
 * URL) is always allowed; others only when listed in `allowed_origins`
 * ("*" allows any). Requests without an Origin header (non-browser clients)
 * are not cross-site requests and are allowed; the token still guards them.
 */
export interface OriginPolicy {
  /** True when the origin is the hub itself (no CORS needed). */
  isSameOrigin(origin: string, hostHeader: string | undefined): boolean;
  /** True when a cross-site page at `origin` may embed the widget (CORS and websocket). */
  isListed(origin: string): boolean;
  allows(origin: string | undefined, hostHeader: string | undefined): boolean;
}

export function createOriginPolicy(allowedOrigins: readonly string[], publicUrl: string): OriginPolicy {
  const any = allowedOrigins.includes("*");
  const listed = new Set(
    allowedOrigins
      .filter((o) => o !== "*")
      .map(normalizeOrigin)
      .filter((o): o is string => o !== null),
  );
  const publicOrigin = normalizeOrigin(publicUrl);

  function isSameOrigin(origin: string, hostHeader: string | undefined): boolean {
    const o = normalizeOrigin(origin);
    if (o === null) return false;
    if (o === publicOrigin) return true;
    return hostHeader !== undefined && new URL(o).host === hostHeader.toLowerCase();
  }

  function isListed(origin: string): boolean {
    if (any) return true;
    const o = normalizeOrigin(origin);
    return o !== null && listed.has(o);
  }

  return {
    isSameOrigin,
    isListed,
    allows(origin, hostHeader) {
      if (origin === undefined) return true;
      return isSameOrigin(origin, hostHeader) || isListed(origin);
    },
  };
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
