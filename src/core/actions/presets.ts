/**
 * Ready-made order lookups for common shop systems. A preset expands into a
 * full action (URL, auth header, result mapping, ownership, default English
 * and German answers); any key written next to `preset:` overrides the
 * preset's. The mappings follow the vendors' documented response shapes:
 *
 * - Shopify Admin REST API, `GET /admin/api/{version}/orders.json?name=…&status=any`
 *   with `X-Shopify-Access-Token`: `{ orders: [{ name, email, phone, cancelled_at,
 *   fulfillment_status, shipping_address: { zip }, fulfillments: [{ tracking_company,
 *   tracking_number, tracking_url, shipment_status }] }] }`.
 * - WooCommerce REST API v3, `GET /wp-json/wc/v3/orders/{id}` with basic auth
 *   (consumer key and secret): `{ number, status, billing: { email, phone, postcode },
 *   shipping: { postcode }, meta_data: [{ key: "_wc_shipment_tracking_items", value: [...] }] }`
 *   (tracking from the Shipment Tracking extension when present).
 */
export const PRESET_NAMES = ["shopify", "woocommerce"] as const;

/** Expands `{ preset: …, … }` into a plain action object; other values pass through unchanged (the schema reports problems). */
export function expandPreset(raw: unknown): unknown {
  if (!raw || typeof raw !== "object" || !("preset" in raw)) return raw;
  const { preset, ...rest } = raw as Record<string, unknown>;
  if (preset === "shopify") {
    const { shop, token, api_version: version, ...own } = rest;
    return { ...shopify(String(shop ?? ""), String(token ?? ""), String(version ?? "2025-01")), ...own };
  }
  if (preset === "woocommerce") {
    const { site, consumer_key: key, consumer_secret: secret, ...own } = rest;
    return { ...woocommerce(String(site ?? ""), String(key ?? ""), String(secret ?? "")), ...own };
  }
  return raw; // an unknown preset: the strict schema names the key
}

const ORDER_ANSWERS = [
  {
    when: 'status = "shipped"',
    text: {
      en: "Your order {{number}} has shipped{{#carrier}} with {{carrier}}{{/carrier}}.{{#tracking_url}} You can follow it here: {{tracking_url}}{{/tracking_url}}",
      de: "Deine Bestellung {{number}} ist verschickt{{#carrier}} mit {{carrier}}{{/carrier}}.{{#tracking_url}} Hier kannst du sie verfolgen: {{tracking_url}}{{/tracking_url}}",
    },
  },
  {
    when: 'status = "delivered"',
    text: {
      en: "Your order {{number}} has been delivered{{#carrier}} by {{carrier}}{{/carrier}}.",
      de: "Deine Bestellung {{number}} wurde zugestellt{{#carrier}} von {{carrier}}{{/carrier}}.",
    },
  },
  {
    when: 'status = "cancelled" or status = "refunded"',
    text: { en: "Your order {{number}} was {{status}}.", de: "Deine Bestellung {{number}} wurde storniert." },
  },
  {
    text: {
      en: "Your order {{number}} is being prepared and hasn't shipped yet; you'll get an email with tracking as soon as it does.",
      de: "Deine Bestellung {{number}} wird vorbereitet und ist noch nicht verschickt; sobald sie unterwegs ist, bekommst du eine E-Mail mit Sendungsverfolgung.",
    },
  },
];

const NOT_FOUND = {
  en: "I couldn't find an order {{order_id}}. Could you check the number in your order confirmation and send it again?",
  de: "Ich konnte keine Bestellung {{order_id}} finden. Kannst du die Nummer in deiner Bestellbestätigung prüfen und noch einmal schicken?",
};

function shopify(shop: string, token: string, version: string): Record<string, unknown> {
  const host = shop.includes(".") ? shop.replace(/^https?:\/\//, "").replace(/\/.*$/, "") : `${shop}.myshopify.com`;
  const o = "orders[0]";
  return {
    description: "Look the order up in Shopify",
    method: "GET",
    url: `https://${host}/admin/api/${version}/orders.json?status=any&name={{order_id}}`,
    headers: { "X-Shopify-Access-Token": token },
    needs: ["order_id"],
    result: {
      number: `${o}.name`,
      status: `(${o}.cancelled_at ? "cancelled" : ${o}.fulfillments[-1].shipment_status = "delivered" ? "delivered" : ${o}.fulfillment_status in ["fulfilled", "partial"] ? "shipped" : "processing")`,
      carrier: `${o}.fulfillments[-1].tracking_company`,
      tracking_number: `${o}.fulfillments[-1].tracking_number`,
      tracking_url: `${o}.fulfillments[-1].tracking_url`,
      payment: `${o}.financial_status`,
      email: `${o}.email`,
      phone: `${o}.phone`,
      postcode: `${o}.shipping_address.zip`,
    },
    found_when: "$exists(number)",
    ownership: { email: "email", phone: "phone", postcode: "postcode", ask: "email" },
    answers: ORDER_ANSWERS,
    not_found: NOT_FOUND,
  };
}

function woocommerce(site: string, key: string, secret: string): Record<string, unknown> {
  const tracking = 'meta_data[key="_wc_shipment_tracking_items"].value[-1]';
  return {
    description: "Look the order up in WooCommerce",
    method: "GET",
    url: `${site.replace(/\/$/, "")}/wp-json/wc/v3/orders/{{order_id}}`,
    basic_auth: { username: key, password: secret },
    needs: ["order_id"],
    result: {
      number: "number",
      status: 'status = "completed" ? "shipped" : status in ["cancelled", "failed"] ? "cancelled" : status = "refunded" ? "refunded" : "processing"',
      carrier: `${tracking}.tracking_provider`,
      tracking_number: `${tracking}.tracking_number`,
      tracking_url: `${tracking}.custom_tracking_link`,
      email: "billing.email",
      phone: "billing.phone",
      postcode: "shipping.postcode ? shipping.postcode : billing.postcode",
    },
    found_when: "$exists(number)",
    ownership: { email: "email", phone: "phone", postcode: "postcode", ask: "email" },
    answers: ORDER_ANSWERS,
    not_found: NOT_FOUND,
  };
}
