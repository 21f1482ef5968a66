import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manualClock } from "../../../src/core/clock.js";
import { captureLogs, flushLogs } from "../../helpers/log-capture.js";
import { postWebhook } from "../../fakes/graph-api.js";
import { startAdapterServer, type AdapterServer } from "./helpers.js";

describe("WhatsApp Cloud webhook: refused requests", () => {
  let t: AdapterServer;
  const clock = manualClock(new Date("2026-12-01T10:00:00Z"));
  const log = captureLogs();
  beforeAll(async () => {
    t = await startAdapterServer({ clock, logger: log.logger });
  });
  afterAll(async () => {
    await t.stop();
  });

  it("never logs an unauthenticated query value, and logs a burst of refusals as one line plus one summary", async () => {
    const marker = "attacker-chosen-value-9f3a";
    for (let i = 0; i < 25; i++) {
      expect((await fetch(`${t.webhookUrl}?hub.mode=${marker}&hub.verify_token=${marker}&hub.challenge=${marker}`)).status).toBe(403);
      expect((await postWebhook(t.webhookUrl, { object: marker }, "wrong-secret")).status).toBe(401);
    }
    clock.advance(61_000);
    expect((await fetch(`${t.webhookUrl}?hub.mode=${marker}`)).status).toBe(403);
    await flushLogs();
    expect(log.text()).not.toContain(marker);
    const refusals = log.records().filter((r) => String(r.msg).includes("refused"));
    // verification: first + (after the window) summary + first of the new window; bad signature: first only.
    expect(refusals).toHaveLength(4);
    expect(refusals.find((r) => r.kind === "whatsapp-cloud.verification" && r.refused === 24)).toMatchObject({ sources: 1 });
  });
});
