import { describe, expect, it } from "vitest";
import { connectionStatus } from "../../../src/core/channel/status.js";

describe("connectionStatus", () => {
  const base = { enabled: true, problem: null, stopped: false, state: { phase: "polling", detail: "polling since 09:00" }, healthy: ["polling", "webhook"] };

  it("asks the same questions in order: disabled, problem, stopped, not started, healthy phase", () => {
    expect(connectionStatus({ ...base, enabled: false, problem: "missing token" })).toEqual({ ok: true, detail: "disabled" });
    expect(connectionStatus({ ...base, problem: "missing channels.email.password", stopped: true })).toEqual({
      ok: false,
      detail: "missing channels.email.password",
    });
    expect(connectionStatus({ ...base, stopped: true })).toEqual({ ok: false, detail: "stopped" });
    expect(connectionStatus({ ...base, state: null })).toEqual({ ok: false, detail: "not started" });
    expect(connectionStatus(base)).toEqual({ ok: true, detail: "polling since 09:00" });
    expect(connectionStatus({ ...base, state: { phase: "backoff", detail: "retrying in 4 s" } })).toEqual({ ok: false, detail: "retrying in 4 s" });
  });
});
