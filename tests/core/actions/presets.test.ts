import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionSchema } from "../../../src/core/actions/schema.js";
import { createActionRunner } from "../../../src/core/actions/runner.js";
import { openSqliteStore } from "../../../src/core/store/sqlite/sqlite-store.js";
import { silentLogger } from "../../../src/core/logger.js";
import { SHOPIFY_TOKEN, WOO_KEY, WOO_SECRET, startShopStandIn, type ShopStandIn } from "../../fakes/shop-apis.js";

let shop: ShopStandIn;
beforeAll(async () => {
  shop = await startShopStandIn();
});
afterAll(async () => {
  await shop.close();
});

const call = (order_id: string) => ({
  values: { order_id },
  conversationId: "cv-1",
  contactId: "ct-1",
  question: "where is it",
  now: new Date("2026-12-02T10:00:00Z"),
});

/** The presets build https URLs; the stand-in speaks http on loopback, so only the origin is swapped (path, query, headers stay the preset's). */
function toStandIn(url: string): string {
  return url.replace(/^https?:\/\/[^/]+/, shop.url);
}

describe("action presets against stand-ins of the vendors' documented APIs", () => {
  it("shopify: order by name with the access token, mapped to status, carrier, tracking and the owner's details", async () => {
    const parsed = actionSchema.parse({ preset: "shopify", shop: "northwind", token: SHOPIFY_TOKEN });
    expect(parsed.url).toBe("https://northwind.myshopify.com/admin/api/2025-01/orders.json?status=any&name={{order_id}}");
    const runner = createActionRunner({
      actions: { shopify: { ...parsed, url: toStandIn(parsed.url) } },
      store: openSqliteStore({ path: ":memory:" }),
      logger: silentLogger(),
      baseUrl: () => shop.url,
    });
    const found = await runner.run("shopify", call("1001"));
    expect(found).toEqual({
      kind: "found",
      status: 200,
      values: {
        number: "#1001",
        status: "shipped",
        carrier: "UPS",
        tracking_number: "1Z2345",
        tracking_url: "https://www.ups.com/track?tracknum=1Z2345",
        payment: "paid",
        email: "bob.norman@mail.example.com",
        phone: "+4915112345678",
        postcode: "K2P 1L4",
      },
    });
    expect(shop.requests.at(-1)!.headers["x-shopify-access-token"]).toBe(SHOPIFY_TOKEN);
    const unshipped = await runner.run("shopify", call("1002"));
    expect(unshipped.kind === "found" && unshipped.values.status).toBe("processing");
    expect((await runner.run("shopify", call("4040"))).kind).toBe("not_found");
  });

  it("woocommerce: order by id with basic auth, tracking from the Shipment Tracking meta data, 404 as not found", async () => {
    const parsed = actionSchema.parse({ preset: "woocommerce", site: "https://shop.example/", consumer_key: WOO_KEY, consumer_secret: WOO_SECRET });
    expect(parsed.url).toBe("https://shop.example/wp-json/wc/v3/orders/{{order_id}}");
    const runner = createActionRunner({
      actions: { woo: { ...parsed, url: toStandIn(parsed.url) } },
      store: openSqliteStore({ path: ":memory:" }),
      logger: silentLogger(),
      baseUrl: () => shop.url,
    });
    const found = await runner.run("woo", call("727"));
    expect(found.kind === "found" && found.values).toEqual({
      number: "727",
      status: "shipped",
      carrier: "DHL",
      tracking_number: "JJD01",
      tracking_url: "https://dhl.example/JJD01",
      email: "john.doe@example.com",
      phone: "(555) 555-5555",
      postcode: "94103",
    });
    expect((await runner.run("woo", call("1"))).kind).toBe("not_found");
  });

  it("keys written next to the preset override it", () => {
    const parsed = actionSchema.parse({ preset: "shopify", shop: "northwind", token: "t", timeout: "2s", answers: [{ text: { en: "{{status}}" } }] });
    expect(parsed.timeout).toBe(2_000);
    expect(parsed.answers).toHaveLength(1);
  });
});
