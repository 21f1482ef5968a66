import WebSocket from "ws";

export interface LoadResult {
  messages: number;
  seconds: number;
  messages_per_s: number;
  latency_ms: { p50: number; p90: number; p99: number; max: number };
  lost: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * Closed-loop load over the web-chat websocket: `visitors` sockets, each
 * sending `perVisitor` messages one after another, waiting for the server's
 * reply frame before the next. Latency is send → reply received.
 */
export async function runLoad(port: number, visitors: number, perVisitor: number): Promise<LoadResult> {
  const base = `http://127.0.0.1:${port}`;
  const sockets = await Promise.all(
    Array.from({ length: visitors }, async () => {
      const { token } = (await (await fetch(`${base}/api/web/session`, { method: "POST" })).json()) as { token: string };
      const ws = new WebSocket(`ws://127.0.0.1:${port}/api/web/socket?token=${encodeURIComponent(token)}`, { origin: base });
      await new Promise<void>((ok, fail) => {
        ws.once("message", () => ok()); // the ready frame
        ws.once("error", fail);
      });
      return ws;
    }),
  );
  const latencies: number[] = [];
  let lost = 0;
  const started = performance.now();
  await Promise.all(
    sockets.map(async (ws, v) => {
      for (let i = 0; i < perVisitor; i++) {
        const t0 = performance.now();
        const replied = await new Promise<boolean>((ok) => {
          const timer = setTimeout(() => (ws.off("message", onMessage), ok(false)), 10_000);
          function onMessage(raw: WebSocket.RawData) {
            const frame = JSON.parse(raw.toString()) as { type: string; message?: { direction: string } };
            if (frame.type === "message" && frame.message?.direction === "outbound") {
              clearTimeout(timer);
              ws.off("message", onMessage);
              ok(true);
            }
          }
          ws.on("message", onMessage);
          ws.send(JSON.stringify({ type: "message", clientMessageId: `v${v}-m${i}`, text: `benchmark message ${i}` }));
        });
        if (replied) latencies.push(performance.now() - t0);
        else lost++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  for (const ws of sockets) ws.close();
  latencies.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    messages: latencies.length,
    seconds: round(seconds),
    messages_per_s: Math.round(latencies.length / seconds),
    lost,
    latency_ms: {
      p50: round(percentile(latencies, 50)),
      p90: round(percentile(latencies, 90)),
      p99: round(percentile(latencies, 99)),
      max: round(latencies.at(-1) ?? NaN),
    },
  };
}
