/**
 * What may be said about a MongoDB connection string in errors and logs: the
 * host list and the database name, never the user name or the password.
 */
export interface MongoUriInfo {
  /** `host:port[,host:port…]` as written in the URI (SRV: the SRV name); "(unparseable URI)" when it is not one. */
  hosts: string;
  /** Database named in the URI path, or null when there is none. */
  database: string | null;
}

const URI_RE = /^mongodb(?:\+srv)?:\/\/([^/?#]*)(\/[^?#]*)?/i;

export function describeMongoUri(uri: string): MongoUriInfo {
  const m = URI_RE.exec(uri);
  if (!m) return { hosts: "(unparseable URI)", database: null };
  const authority = m[1] ?? "";
  const hosts = authority.slice(authority.lastIndexOf("@") + 1) || "(no host)";
  const path = (m[2] ?? "").slice(1);
  let database: string | null = null;
  if (path !== "") {
    try {
      database = decodeURIComponent(path);
    } catch {
      database = path;
    }
  }
  return { hosts, database };
}

/**
 * Removes the URI's credentials from `text` (the URI's user-info part, its
 * password raw and percent-decoded), for messages built from driver errors.
 */
export function redactMongoCredentials(text: string, uri: string): string {
  const m = URI_RE.exec(uri);
  const authority = m?.[1] ?? "";
  const at = authority.lastIndexOf("@");
  if (at < 0) return text;
  const userInfo = authority.slice(0, at);
  const colon = userInfo.indexOf(":");
  const secrets = new Set<string>([userInfo]);
  if (colon >= 0) {
    const password = userInfo.slice(colon + 1);
    secrets.add(password);
    try {
      secrets.add(decodeURIComponent(password));
    } catch {
      // not percent-encoded; the raw form is already covered
    }
  }
  let out = text;
  // Longest first, so the whole user-info is replaced before its password part.
  for (const secret of [...secrets].filter((s) => s.length > 0).sort((a, b) => b.length - a.length)) {
    out = out.split(secret).join("***");
  }
  return out;
}
