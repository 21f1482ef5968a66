import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manualClock } from "../../src/core/clock.js";
import type { TestHub } from "../helpers/hub.js";
import { client, inviteToken, PASSWORD, signedIn, startConsoleHub } from "./helpers.js";

describe("console sign-in: invite, password, session cookie, CSRF, sign-out", () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startConsoleHub();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("an invite link sets the password once and signs in with an HttpOnly, SameSite=Strict cookie; the token is stored only hashed", async () => {
    const token = await inviteToken(t, "admin");
    const c = client(t.url);
    const r = await c.request("POST", "/console/api/invite", { token, password: PASSWORD });
    expect(r.status).toBe(200);
    expect(r.body.agent).toEqual({ id: "admin", name: "Ada Admin", role: "admin", queues: null });
    const cookie = r.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^tl_console=[A-Za-z0-9_-]{40,}; Path=\/console; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    expect((await c.request("GET", "/console/api/session")).body.agent.id).toBe("admin");
    // Once only.
    const again = await client(t.url).request("POST", "/console/api/invite", { token, password: "another password 1" });
    expect(again.status).toBe(410);
    // Neither the token nor the password is in the store in clear.
    expect(await t.store.redeemConsoleInvite(token, "x", new Date())).toBeNull();
    const stored = await t.store.getConsolePassword("admin");
    expect(stored).toMatch(/^\$argon2id\$/);
    expect(stored).not.toContain(PASSWORD);
  });

  it("refuses a short password and an unknown or malformed invite", async () => {
    const token = await inviteToken(t, "bea");
    const short = await client(t.url).request("POST", "/console/api/invite", { token, password: "short" });
    expect(short.status).toBe(400);
    expect(short.body.error.message).toMatch(/password: at least 10 characters/);
    expect((await client(t.url).request("POST", "/console/api/invite", { token: "x".repeat(43), password: PASSWORD })).status).toBe(410);
    expect((await client(t.url).request("POST", "/console/api/invite", { token: "../etc", password: PASSWORD })).status).toBe(400);
  });

  it("signs in by id or e-mail; a wrong password and an unknown name get the same 401", async () => {
    await signedIn(t, "bea");
    const byEmail = client(t.url);
    expect((await byEmail.request("POST", "/console/api/sign-in", { login: "BEA@northwind.example", password: PASSWORD })).status).toBe(200);
    expect((await byEmail.request("GET", "/console/api/session")).body.agent).toEqual({ id: "bea", name: "Bea", role: "agent", queues: ["logistics"] });
    const wrong = await client(t.url).request("POST", "/console/api/sign-in", { login: "bea", password: "not the password" });
    const nobody = await client(t.url).request("POST", "/console/api/sign-in", { login: "mallory", password: "not the password" });
    expect([wrong.status, nobody.status]).toEqual([401, 401]);
    expect(wrong.body).toEqual(nobody.body);
    expect(wrong.headers.get("set-cookie")).toBeNull();
  });

  it("without a session every API route answers 401; the page itself loads (it shows the sign-in form)", async () => {
    const anon = client(t.url);
    for (const path of ["/console/api/session", "/console/api/inbox", "/console/api/events", "/console/api/conversations/cv_x"]) {
      expect((await anon.request("GET", path)).status, path).toBe(401);
    }
    const page = await fetch(`${t.url}/console`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toMatch(/script-src 'self'/);
    expect(await page.text()).toContain('<script src="/console/app.js" defer></script>');
    const bundle = await fetch(`${t.url}/console/app.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-type")).toMatch(/javascript/);
    expect((await bundle.text()).length).toBeGreaterThan(5_000);
  });

  it("refuses a state-changing request without the CSRF token, with a wrong one, or from another origin", async () => {
    const c = await signedIn(t, "admin");
    const good = c.csrf!;
    c.csrf = null;
    expect((await c.request("POST", "/console/api/sign-out")).status).toBe(403);
    c.csrf = "wrong-token-wrong-token-wrong-token";
    expect((await c.request("POST", "/console/api/sign-out")).status).toBe(403);
    c.csrf = good;
    const cross = await c.request("POST", "/console/api/sign-out", undefined, { Origin: "https://evil.example" });
    expect(cross.status).toBe(403);
    expect(cross.body.error.code).toBe("csrf");
    expect((await c.request("GET", "/console/api/session")).status).toBe(200); // still signed in
    const crossSignIn = await client(t.url).request("POST", "/console/api/sign-in", { login: "admin", password: PASSWORD }, { Origin: "https://evil.example" });
    expect(crossSignIn.status).toBe(403);
  });

  it("signs out (the cookie stops working) and signs out everywhere (every session of the agent ends)", async () => {
    const a = await signedIn(t, "admin");
    const b = client(t.url);
    expect((await b.request("POST", "/console/api/sign-in", { login: "admin", password: PASSWORD })).status).toBe(200);
    const oldCookie = a.cookie;
    expect((await a.request("POST", "/console/api/sign-out")).status).toBe(204);
    a.cookie = oldCookie;
    expect((await a.request("GET", "/console/api/session")).status).toBe(401);
    expect((await b.request("GET", "/console/api/session")).status).toBe(200);
    const c = client(t.url);
    await c.request("POST", "/console/api/sign-in", { login: "admin", password: PASSWORD });
    const ended = await c.request("POST", "/console/api/sign-out-everywhere");
    expect(ended.body).toEqual({ ended: 2 });
    expect((await b.request("GET", "/console/api/session")).status).toBe(401);
  });
});

describe("console sign-in: rate limit and session expiry (injected clock)", () => {
  const clock = manualClock(new Date());
  let t: TestHub;
  beforeAll(async () => {
    t = await startConsoleHub({ clock });
    await signedIn(t, "bea", clock);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("after 5 wrong passwords for one login the 6th attempt is refused with 429 and Retry-After, even with the right password; later it works", async () => {
    const c = client(t.url);
    for (let i = 0; i < 5; i++) expect((await c.request("POST", "/console/api/sign-in", { login: "bea", password: `guess number ${i}` })).status).toBe(401);
    const limited = await c.request("POST", "/console/api/sign-in", { login: "bea", password: PASSWORD });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another login from the same address is not locked by bea's limit.
    expect((await c.request("POST", "/console/api/sign-in", { login: "admin", password: "nope nope nope" })).status).toBe(401);
    clock.advance(15 * 60_000);
    expect((await c.request("POST", "/console/api/sign-in", { login: "bea", password: PASSWORD })).status).toBe(200);
  });

  it("a session ends after 12 hours", async () => {
    const c = client(t.url);
    clock.advance(15 * 60_000);
    expect((await c.request("POST", "/console/api/sign-in", { login: "bea", password: PASSWORD })).status).toBe(200);
    clock.advance(12 * 3_600_000 - 1_000);
    expect((await c.request("GET", "/console/api/session")).status).toBe(200);
    clock.advance(2_000);
    expect((await c.request("GET", "/console/api/session")).status).toBe(401);
  });

  it("an invite expires after 24 hours", async () => {
    const token = await inviteToken(t, "admin", clock);
    clock.advance(24 * 3_600_000 + 1);
    expect((await client(t.url).request("POST", "/console/api/invite", { token, password: PASSWORD })).status).toBe(410);
  });
});
