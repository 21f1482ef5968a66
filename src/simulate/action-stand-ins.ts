import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { demoShopRouter } from "../app/demo-shop/router.js";
import type { Fetch } from "../core/actions/http.js";
import type { Clock } from "../core/clock.js";
import type { StandIn } from "./scenario.js";

/**
 * The systems a simulated conversation's actions talk to: responses a
 * scenario declared per action (latest declaration wins, for the rest of the
 * scenario), otherwise the real transport, with the demo shop served
 * in-process on a loopback port when the config enables it.
 */
export interface SimulatedSystems {
  fetch: Fetch;
  baseUrl(): string;
  declare(responses: Record<string, StandIn>): void;
  close(): Promise<void>;
}

export async function simulatedSystems(options: { clock: Clock; demoShop: boolean }): Promise<SimulatedSystems> {
  const declared = new Map<string, StandIn>();
  let server: Server | null = null;
  let base = "http://127.0.0.1";
  if (options.demoShop) {
    const app = express();
    app.use("/demo-shop", demoShopRouter(options.clock));
    server = createServer(app);
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  const fetch: Fetch = async (url, init, action) => {
    const standIn = declared.get(action);
    if (!standIn) return globalThis.fetch(url, init);
    if (standIn.fail === "timeout") throw Object.assign(new Error("The operation was aborted due to timeout"), { name: "TimeoutError" });
    if (standIn.fail === "unreachable") throw new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED") });
    return new Response(standIn.body === undefined ? null : JSON.stringify(standIn.body), {
      status: standIn.status,
      headers: { "content-type": "application/json" },
    });
  };
  return {
    fetch,
    baseUrl: () => base,
    declare(responses) {
      for (const [name, r] of Object.entries(responses)) declared.set(name, r);
    },
    close: () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
  };
}
