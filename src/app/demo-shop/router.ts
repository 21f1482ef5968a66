import express, { type Router } from "express";
import { LRUCache } from "lru-cache";
import type { Clock } from "../../core/clock.js";
import { demoOrders, normaliseOrderNumber, type DemoOrder } from "./orders.js";

/**
 * The demo order service (`demo_shop.enabled`, on in the shipped config):
 * a tiny shop API with a handful of realistic orders so the demo's actions
 * look orders up and cancel them for real. It behaves like a real one where
 * it matters to the hub: 404 for an unknown order, 409 when an order can no
 * longer be cancelled, and an `Idempotency-Key` that makes a repeated cancel
 * return the first answer. State lives in memory: a restart restores the
 * demo data. Not for production data.
 */
export function demoShopRouter(clock: Clock): Router {
  const router = express.Router();
  const cancelled = new Set<string>();
  const answered = new LRUCache<string, { status: number; body: unknown }>({ max: 1_000 });
  const find = (raw: string): DemoOrder | undefined => {
    const number = normaliseOrderNumber(raw);
    const order = demoOrders(clock.now()).find((o) => o.number === number);
    return order && cancelled.has(order.number) ? { ...order, status: "cancelled" } : order;
  };
  router.get("/api/orders/:number", (req, res) => {
    const order = find(req.params.number);
    if (!order) return void res.status(404).json({ error: "not_found", message: `no order ${req.params.number}` });
    res.json(order);
  });
  router.post("/api/orders/:number/cancel", (req, res) => {
    const key = req.get("idempotency-key");
    const earlier = key ? answered.get(key) : undefined;
    if (earlier) return void res.status(earlier.status).json(earlier.body);
    const order = find(req.params.number);
    let reply: { status: number; body: unknown };
    if (!order) reply = { status: 404, body: { error: "not_found" } };
    else if (order.status !== "processing") reply = { status: 409, body: { number: order.number, status: order.status, error: "not_cancellable" } };
    else {
      cancelled.add(order.number);
      reply = { status: 200, body: { number: order.number, status: "cancelled", refund: "full refund to the original payment method within 3 working days" } };
    }
    if (key) answered.set(key, reply);
    res.status(reply.status).json(reply.body);
  });
  return router;
}
