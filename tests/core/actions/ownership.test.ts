import { describe, expect, it } from "vitest";
import { checkOwnership } from "../../../src/core/actions/ownership.js";
import { yesOrNo } from "../../../src/ai/flow/confirm-step.js";

const RULE = { email: "email", phone: "phone", postcode: "postcode", ask: "email" };
const ORDER = { email: "Anna.Schmidt@Example.com", phone: "+49 151 1234 5678", postcode: "1012 AB" };

describe("ownership before disclosure", () => {
  it("a verified identity of the contact equal to the order's e-mail or phone proves it", () => {
    expect(checkOwnership(RULE, ORDER, [{ kind: "email", value: "anna.schmidt@example.com" }], undefined)).toEqual({ kind: "proven", via: "verified e-mail" });
    expect(checkOwnership(RULE, ORDER, [{ kind: "whatsapp", value: "+4915112345678" }], undefined)).toEqual({ kind: "proven", via: "verified phone" });
  });

  it("a second factor matches on normalised values only, never partially", () => {
    expect(checkOwnership(RULE, ORDER, [], " ANNA.schmidt@example.com ").kind).toBe("proven");
    expect(checkOwnership(RULE, ORDER, [], "0049 151 12345678").kind).toBe("proven");
    expect(checkOwnership(RULE, ORDER, [], "1012ab").kind).toBe("proven");
    expect(checkOwnership(RULE, ORDER, [], "schmidt@example.com").kind).toBe("mismatch");
    expect(checkOwnership(RULE, ORDER, [], "1012").kind).toBe("mismatch");
  });

  it("nothing given and no identity matches: unproven (ask); another person's identity does not count", () => {
    expect(
      checkOwnership(
        RULE,
        ORDER,
        [
          { kind: "email", value: "mallory@example.org" },
          { kind: "web", value: "v-1" },
        ],
        undefined,
      ).kind,
    ).toBe("unproven");
    expect(checkOwnership(RULE, { email: null }, [{ kind: "email", value: "x@example.org" }], "x@example.org").kind).toBe("mismatch");
  });
});

describe("a clear yes or no before a change", () => {
  it.each([
    ["yes", "yes"],
    ["Yes please", "yes"],
    ["ok", "yes"],
    ["ja, bitte", "yes"],
    ["oui", "yes"],
    ["sí", "yes"],
    ["no", "no"],
    ["nein danke", "no"],
    ["non", "no"],
    ["please don't", "no"],
    ["no, do not cancel it", "no"],
    ["what does that cost?", null],
    ["", null],
    ["yes but first tell me about the shipping costs to Austria and Switzerland please", null],
  ])("%s → %s", (text, want) => {
    expect(yesOrNo(text)).toBe(want);
  });
});
