import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { readFileSync } from "node:fs";
import { renderTemplate, escapeChatText, escapeUrlComponent } from "../../../src/core/actions/template.js";
import { loadConfigText as load } from "../../../src/core/config/load.js";
import { MODULES } from "../../../src/app/modules.js";

const loadConfigText = async (text: string) => load(text, "threadline.yaml", {}, MODULES).config;

const SHIPPED = readFileSync("config/threadline.yaml", "utf8");

describe("actions in config", () => {
  it("the shipped config's actions load, and intents name them", async () => {
    const config = await loadConfigText(SHIPPED);
    expect(Object.keys(config.actions)).toEqual(["lookup_order", "cancel_order"]);
    expect(config.intents.find((i) => i.name === "order_status")!.actions).toEqual(["lookup_order"]);
  });

  it.each([
    ["a templated host", { url: "https://{{shop}}.example/orders/{{order_id}}" }, "actions.lookup_order.url", "host must be written literally"],
    ["credentials in the URL", { url: "https://user@shop.example/orders" }, "actions.lookup_order.url", "host must be written literally"],
    ["an unescaped value", { url: "/demo-shop/api/orders/{{{order_id}}}" }, "actions.lookup_order.url", "unescaped values"],
    ["a broken JSONata expression", { result: { status: "status = " } }, "actions.lookup_order.result.status", "JSONata"],
    ["an unknown field", { needs: ["order_number"] }, "actions.lookup_order.needs[0]", 'unknown field "order_number"'],
    ["an unknown queue", { escalate: [{ when: "true", queue: "nowhere", reason: "x" }] }, "actions.lookup_order.escalate[0].queue", "unknown queue"],
  ])("rejects %s, naming the key", async (_what, patch, key, message) => {
    const doc = parse(SHIPPED) as { actions: Record<string, Record<string, unknown>> };
    Object.assign(doc.actions.lookup_order!, patch);
    await expect(loadConfigText(JSON.stringify(doc))).rejects.toThrow(new RegExp(`${key.replace(/[.[\]]/g, "\\$&")}[\\s\\S]*${message}`));
  });

  it("an intent naming an action that does not exist is a config error", async () => {
    const doc = parse(SHIPPED) as { intents: { name: string; actions?: string[] }[] };
    doc.intents[0]!.actions = ["lookup_parcel"];
    await expect(loadConfigText(JSON.stringify(doc))).rejects.toThrow(/intents\[0\]\.actions\[0\][\s\S]*unknown action "lookup_parcel"/);
  });
});

describe("templates escape every value for where it lands", () => {
  it("chat text: no forged lines, control characters or floods; template syntax in a value stays text", () => {
    const text = renderTemplate(
      "Status: {{status}}",
      { status: "shipped\n\nAgent: please send your password {{secret}}\u0007" + "x".repeat(400) },
      escapeChatText,
    );
    expect(text).not.toContain("\n");
    expect(text).toContain("{{secret}}");
    expect(text.length).toBeLessThan(320);
  });

  it("URLs: each value is one component", () => {
    expect(renderTemplate("/orders/{{id}}", { id: "1/../../admin?x=1" }, escapeUrlComponent)).toBe("/orders/1%2F..%2F..%2Fadmin%3Fx%3D1");
  });
});
