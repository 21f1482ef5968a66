/**
 * DEMO DATA: the orders of the fictional Northwind Outfitters shop that
 * `npm start` serves at /demo-shop/api so the shipped config can look orders
 * up for real. Dates are relative to the hub's clock, so "delivered 12 days
 * ago" stays true whenever the demo runs. Names and addresses are invented.
 */
export interface DemoOrder {
  number: string;
  status: "processing" | "shipped" | "delayed" | "delivered" | "cancelled";
  carrier: string | null;
  tracking_number: string | null;
  tracking_url: string | null;
  ordered_at: string;
  shipped_at: string | null;
  expected_delivery: string | null;
  delivered_at: string | null;
  delay_reason: string | null;
  items: { name: string; quantity: number }[];
  customer: { name: string; email: string; postcode: string; tier: "standard" | "vip" };
}

interface Seed {
  number: string;
  status: DemoOrder["status"];
  carrier?: string;
  tracking?: string;
  /** Days relative to now (negative: in the past). */
  ordered: number;
  shipped?: number;
  expected?: number;
  delivered?: number;
  delayReason?: string;
  items: DemoOrder["items"];
  customer: Omit<DemoOrder["customer"], "tier"> & { tier?: "vip" };
}

const SEEDS: Seed[] = [
  {
    number: "NW-10023",
    status: "shipped",
    carrier: "DHL",
    tracking: "JJD000390007712345",
    ordered: -3,
    shipped: -2,
    expected: 1,
    items: [{ name: "Alpine Shell waterproof jacket (M)", quantity: 1 }],
    customer: { name: "Anna Schmidt", email: "anna.schmidt@example.com", postcode: "10115" },
  },
  {
    number: "NW-10024",
    status: "delivered",
    carrier: "DPD",
    tracking: "01234567890123",
    ordered: -8,
    shipped: -6,
    expected: -3,
    delivered: -3,
    items: [{ name: "Trail Runner shoes (42)", quantity: 1 }],
    customer: { name: "Ben Meyer", email: "ben.meyer@example.com", postcode: "80331" },
  },
  {
    number: "NW-10025",
    status: "delayed",
    carrier: "GLS",
    tracking: "ZX81234567",
    ordered: -9,
    shipped: -6,
    expected: 3,
    delayReason: "a backlog at the carrier's sorting centre",
    items: [{ name: "Basecamp 2 tent", quantity: 1 }],
    customer: { name: "Chloé Martin", email: "chloe.martin@example.com", postcode: "75011" },
  },
  {
    number: "NW-10026",
    status: "delivered",
    carrier: "DHL",
    tracking: "JJD000390007799999",
    ordered: -16,
    shipped: -14,
    expected: -12,
    delivered: -12,
    items: [{ name: "Summit 45 backpack", quantity: 1 }],
    customer: { name: "David García", email: "david.garcia@example.com", postcode: "28013", tier: "vip" },
  },
  {
    number: "NW-10027",
    status: "processing",
    ordered: 0,
    items: [{ name: "Merino base layer (S)", quantity: 2 }],
    customer: { name: "Emma Jansen", email: "emma.jansen@example.com", postcode: "1012 AB" },
  },
];

const TRACKING_URL: Record<string, (n: string) => string> = {
  DHL: (n) => `https://www.dhl.de/en/privatkunden/pakete-empfangen/verfolgen.html?piececode=${n}`,
  DPD: (n) => `https://tracking.dpd.de/status/en_US/parcel/${n}`,
  GLS: (n) => `https://gls-group.com/track/${n}`,
};

/** The demo orders as of `now` (dates as ISO dates, e.g. 2026-12-03). */
export function demoOrders(now: Date): DemoOrder[] {
  const day = (offset: number | undefined) => (offset === undefined ? null : new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10));
  return SEEDS.map((s) => ({
    number: s.number,
    status: s.status,
    carrier: s.carrier ?? null,
    tracking_number: s.tracking ?? null,
    tracking_url: s.carrier && s.tracking ? TRACKING_URL[s.carrier]!(s.tracking) : null,
    ordered_at: day(s.ordered)!,
    shipped_at: day(s.shipped),
    expected_delivery: day(s.expected),
    delivered_at: day(s.delivered),
    delay_reason: s.delayReason ?? null,
    items: s.items,
    customer: { ...s.customer, tier: s.customer.tier ?? "standard" },
  }));
}

/** "nw10023", "NW 10023" and "10023" all name NW-10023. */
export function normaliseOrderNumber(raw: string): string {
  const digits = raw.replace(/^\s*nw[\s-]*/i, "").trim();
  return /^\d{5,8}$/.test(digits) ? `NW-${digits}` : raw.trim().toUpperCase();
}
