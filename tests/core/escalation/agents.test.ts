import { describe, expect, it } from "vitest";
import { resolveAgent } from "../../../src/core/escalation/agents.js";

const anna = { id: "anna", name: "Anna", slack: ["UANNA"], discord: [] };

describe("resolveAgent with agents: []", () => {
  it("does not accept any string as the acting agent on the conversation API", () => {
    for (const userId of ["", " ", "agent:anna", "slack:UANNA", "anna\nforged line", "x".repeat(65), "../etc", "a b"]) {
      expect(resolveAgent([], { platform: "api", userId }), JSON.stringify(userId)).toBeNull();
    }
  });

  it("records a plain handle under the api: namespace, so it never reads as a configured agent or a platform user", () => {
    expect(resolveAgent([], { platform: "api", userId: "ops-anna" })).toEqual({ id: "api:ops-anna", name: "ops-anna" });
    expect(resolveAgent([], { platform: "slack", userId: "UANNA" })?.id).toBe("slack:UANNA");
  });

  it("once agents are configured, only they may act through the API", () => {
    expect(resolveAgent([anna], { platform: "api", userId: "anna" })).toEqual({ id: "anna", name: "Anna" });
    expect(resolveAgent([anna], { platform: "api", userId: "ops-anna" })).toBeNull();
  });
});
