import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createHttpApp } from "../../src/app/http.js";
import { createSqliteWriteProbe } from "../../src/app/store-probe.js";
import { silentLogger } from "../../src/core/logger.js";
import { startTestHub, type TestHub } from "../helpers/hub.js";

const HEALTH = "health-token-0123456789abcdef";

describe("/readyz and /metrics behind server.health_token", () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ env: { THREADLINE_HEALTH_TOKEN: HEALTH } });
  });
  afterAll(async () => {
    await t.stop();
  });
  const get = (path: string, token?: string) => fetch(`${t.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

  it("without the token: /readyz answers only its status, /metrics 401; nothing names channels or backlog", async () => {
    const ready = await get("/readyz");
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready" });
    for (const token of [undefined, "wrong-token-0123456789abcdef"]) {
      const metrics = await get("/metrics", token);
      expect(metrics.status).toBe(401);
      expect(await metrics.text()).not.toMatch(/threadline_|outbox|channel="/);
    }
  });

  it("with the token: /readyz shows the checks (including the store write check), /metrics the series", async () => {
    const ready = await get("/readyz", HEALTH);
    const body = (await ready.json()) as { status: string; checks: Record<string, { ok: boolean }> };
    expect(body.checks["channel:web"]?.ok).toBe(true);
    expect(body.checks.store_write).toEqual({ ok: true, detail: "accepts writes" });
    const metrics = await get("/metrics", HEALTH);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain("threadline_outbox_entries");
  });
});

describe("/readyz checks that the store's disk accepts writes", () => {
  let server: Server | null = null;
  let dir = "";
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = null;
    rmSync(dir, { recursive: true, force: true });
  });

  async function readyz(sqlitePath: string): Promise<{ status: number; body: { status: string; checks: Record<string, unknown> } }> {
    const http = createHttpApp({
      bodyLimitBytes: 1024,
      logger: silentLogger(),
      ready: () => ({ ok: true, checks: { store: { ok: true, engine: "sqlite" } } }),
      storeWritable: createSqliteWriteProbe({ sqlitePath, now: () => 0 }),
    });
    http.finish();
    server = createServer(http.app);
    await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`);
    return { status: res.status, body: (await res.json()) as { status: string; checks: Record<string, unknown> } };
  }

  it("is ready while writes succeed, and not ready (503) when the store's file system refuses them", async () => {
    dir = mkdtempSync(join(tmpdir(), "tl-readyz-"));
    expect((await readyz(join(dir, "threadline.db"))).status).toBe(200);
    server?.closeAllConnections();
    await new Promise<void>((r) => server!.close(() => r()));
    server = null;
    // The database's directory cannot take a file (here: it is a regular file; on a full disk: ENOSPC).
    const blocked = join(dir, "blocked");
    writeFileSync(blocked, "");
    const r = await readyz(join(blocked, "threadline.db"));
    expect(r.status).toBe(503);
    expect(r.body.status).toBe("not_ready");
    expect(r.body.checks.store_write).toMatchObject({ ok: false, detail: expect.stringContaining("refuses writes") });
  });
});
