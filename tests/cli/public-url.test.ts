import { describe, expect, it } from "vitest";
import { effectivePublicUrl } from "../../src/cli/commands/start.js";

describe("hub.public_url at start", () => {
  const unset = [{ key: "hub.public_url", variable: "PUBLIC_URL" }];
  it("follows the real listen address when it was not set (PORT=4000 must not leave links on :3000)", () => {
    expect(effectivePublicUrl("http://localhost:3000", unset, "0.0.0.0", 4000)).toBe("http://localhost:4000");
    expect(effectivePublicUrl("http://localhost:3000", [], "127.0.0.1", 8080)).toBe("http://127.0.0.1:8080");
    expect(effectivePublicUrl("http://localhost:3000", unset, "::1", 4000)).toBe("http://[::1]:4000");
  });
  it("is kept as configured when it was set", () => {
    expect(effectivePublicUrl("https://support.example.com", [], "0.0.0.0", 4000)).toBe("https://support.example.com");
  });
});
