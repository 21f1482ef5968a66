import { createConsoleAuth } from "../../src/console/auth.js";
import { argon2Hasher } from "../../src/console/secrets.js";
import type { Clock } from "../../src/core/clock.js";
import { alwaysOpenConfig, startTestHub, type TestHub } from "../helpers/hub.js";
import { MODULES } from "../../src/app/modules.js";
import { loadConfigText } from "../../src/core/config/load.js";

/** The shipped config (always open) with an admin and an agent who works only the logistics queue. */
export function consoleConfig(extra: (yaml: string) => string = (y) => y): string {
  const yaml = alwaysOpenConfig().replace(
    /^agents: \[.*$/m,
    "agents: [{ id: admin, name: Ada Admin, role: admin }, { id: bea, name: Bea, email: bea@northwind.example, role: agent, queues: [logistics] }]",
  );
  return extra(yaml);
}

export const PASSWORD = "correct horse battery";

/** A minimal cookie jar for fetch: keeps the session cookie the console sets. */
export interface Client {
  cookie: string | null;
  csrf: string | null;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
}

export function client(base: string): Client {
  const c: Client = {
    cookie: null,
    csrf: null,
    async request(method, path, body, headers = {}) {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: {
          ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
          ...(c.cookie ? { Cookie: c.cookie } : {}),
          ...(c.csrf && method !== "GET" ? { "X-CSRF-Token": c.csrf } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const set = res.headers.get("set-cookie");
      if (set) {
        const m = /^tl_console=([^;]*)/.exec(set);
        c.cookie = m && m[1] ? `tl_console=${m[1]}` : null;
      }
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // not JSON
      }
      const b = parsed as { csrfToken?: string } | null;
      if (b && typeof b === "object" && typeof b.csrfToken === "string") c.csrf = b.csrfToken;
      return { status: res.status, body: parsed, headers: res.headers };
    },
  };
  return c;
}

/** An invite token for the agent, made as `threadline agents invite` makes it (same auth service, same store). */
export async function inviteToken(t: TestHub, agentId: string, clock?: Clock): Promise<string> {
  const { config } = loadConfigText(consoleConfig(), "threadline.yaml", {}, MODULES);
  const auth = createConsoleAuth({ store: t.store, clock: clock ?? { now: () => new Date() }, agents: config.agents, hasher: argon2Hasher });
  return (await auth.invite(agentId))!.token;
}

/** A signed-in client for the agent (invite redeemed with {@link PASSWORD}). */
export async function signedIn(t: TestHub, agentId: string, clock?: Clock): Promise<Client> {
  const c = client(t.url);
  const r = await c.request("POST", "/console/api/invite", { token: await inviteToken(t, agentId, clock), password: PASSWORD });
  if (r.status !== 200) throw new Error(`redeeming the invite failed: ${r.status} ${JSON.stringify(r.body)}`);
  return c;
}

export async function startConsoleHub(options: { clock?: Clock; configYaml?: string } = {}): Promise<TestHub> {
  return startTestHub({ configYaml: options.configYaml ?? consoleConfig(), knowledge: true, ...(options.clock ? { clock: options.clock } : {}) });
}

/** A web-chat customer says something; waits until the hub decided it. */
export async function customerSays(t: TestHub, visitor: string, text: string, id: string, name: string | null = null): Promise<string> {
  const [o] = await t.hub.ingest([
    {
      channel: "web",
      externalId: `${visitor}:${id}`,
      sender: { kind: "web", value: visitor, name },
      address: { visitorId: visitor },
      text,
      attachments: [],
      receivedAt: new Date(),
    },
  ]);
  await t.hub.settle();
  return o!.conversationId;
}
