import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import express, { type Express } from "express";

/**
 * Local stand-ins of the shop APIs the action presets call, built from the
 * vendors' documented response shapes (Shopify Admin REST `orders.json`,
 * WooCommerce REST v3 `orders/{id}`), with their authentication checks.
 * Every request is recorded so tests can assert what was sent.
 */
export interface ShopStandIn {
  url: string;
  requests: { method: string; path: string; query: Record<string, unknown>; headers: Record<string, string | string[] | undefined>; body: unknown }[];
  /** Statuses to answer the next requests with before the normal behaviour (e.g. [503, 503]). */
  failNext: number[];
  /** Milliseconds to wait before answering the next requests (timeouts). */
  delayNext: number[];
  close(): Promise<void>;
}

export const SHOPIFY_TOKEN = "shpat_test_0123456789abcdef";
export const WOO_KEY = "ck_test_key";
export const WOO_SECRET = "cs_test_secret";

const SHOPIFY_ORDERS = [
  {
    id: 450789469,
    name: "#1001",
    email: "bob.norman@mail.example.com",
    phone: "+4915112345678",
    created_at: "2026-11-20T10:00:00-05:00",
    cancelled_at: null,
    financial_status: "paid",
    fulfillment_status: "fulfilled",
    shipping_address: { first_name: "Bob", last_name: "Norman", zip: "K2P 1L4", country_code: "CA" },
    fulfillments: [
      {
        id: 255858046,
        status: "success",
        tracking_company: "UPS",
        tracking_number: "1Z2345",
        tracking_url: "https://www.ups.com/track?tracknum=1Z2345",
        shipment_status: "in_transit",
      },
    ],
  },
  {
    id: 450789470,
    name: "#1002",
    email: "carla@mail.example.com",
    phone: null,
    created_at: "2026-11-28T10:00:00-05:00",
    cancelled_at: null,
    financial_status: "paid",
    fulfillment_status: null,
    shipping_address: { zip: "10115" },
    fulfillments: [],
  },
];

const WOO_ORDERS: Record<string, unknown> = {
  "727": {
    id: 727,
    number: "727",
    status: "completed",
    currency: "EUR",
    total: "49.90",
    billing: { first_name: "John", last_name: "Doe", email: "john.doe@example.com", phone: "(555) 555-5555", postcode: "94103" },
    shipping: { first_name: "John", last_name: "Doe", postcode: "94103" },
    meta_data: [
      {
        id: 13,
        key: "_wc_shipment_tracking_items",
        value: [{ tracking_provider: "DHL", tracking_number: "JJD01", custom_tracking_link: "https://dhl.example/JJD01", date_shipped: "1764547200" }],
      },
    ],
  },
};

export async function startShopStandIn(): Promise<ShopStandIn> {
  const app: Express = express();
  app.use(express.json());
  const s: ShopStandIn = { url: "", requests: [], failNext: [], delayNext: [], close: async () => {} };
  app.use(async (req, res, next) => {
    s.requests.push({ method: req.method, path: req.path, query: req.query, headers: req.headers, body: req.body });
    const delay = s.delayNext.shift();
    if (delay) await new Promise((r) => setTimeout(r, delay));
    const fail = s.failNext.shift();
    if (fail) return void res.status(fail).json({ errors: "stand-in failure" });
    next();
  });
  app.get("/admin/api/:version/orders.json", (req, res) => {
    if (req.get("x-shopify-access-token") !== SHOPIFY_TOKEN)
      return void res.status(401).json({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
    const name = String(req.query.name ?? "");
    const wanted = name.startsWith("#") ? name : `#${name}`;
    res.json({ orders: SHOPIFY_ORDERS.filter((o) => o.name === wanted) });
  });
  app.get("/wp-json/wc/v3/orders/:id", (req, res) => {
    const auth = req.get("authorization") ?? "";
    if (auth !== `Basic ${Buffer.from(`${WOO_KEY}:${WOO_SECRET}`).toString("base64")}`) {
      return void res.status(401).json({ code: "woocommerce_rest_cannot_view", message: "Sorry, you cannot view this resource.", data: { status: 401 } });
    }
    const order = WOO_ORDERS[req.params.id];
    if (!order) return void res.status(404).json({ code: "woocommerce_rest_shop_order_invalid_id", message: "Invalid ID.", data: { status: 404 } });
    res.json(order);
  });
  app.get("/redirect-out", (_req, res) => void res.redirect(302, "http://169.254.169.254/latest/meta-data/"));
  app.post("/orders/:id/cancel", (req, res) => void res.json({ number: req.params.id, status: "cancelled", key: req.get("idempotency-key") ?? null }));
  const server: Server = createServer(app);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  s.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  s.close = () => new Promise<void>((r) => server.close(() => r()));
  return s;
}
