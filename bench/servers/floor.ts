/**
 * The floor for the ingest benchmark: the least a web-chat server can do per
 * message — a bare express app whose websocket handler does one SQLite insert
 * (same pragmas as the hub's store) and one websocket send. Prints its port.
 */
import Database from "better-sqlite3";
import express from "express";
import { createServer } from "node:http";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { WebSocketServer } from "ws";

const db = new Database(join(process.argv[2]!, "floor.db"));
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.exec("CREATE TABLE IF NOT EXISTS messages (id TEXT PRIMARY KEY, visitor TEXT, text TEXT, created_at INTEGER)");
const insert = db.prepare("INSERT INTO messages (id, visitor, text, created_at) VALUES (?, ?, ?, ?)");

const app = express();
app.use(express.json());
app.post("/api/web/session", (_req, res) => void res.status(201).json({ token: randomUUID() }));
const server = createServer(app);
const wss = new WebSocketServer({ server, path: "/api/web/socket" });
wss.on("connection", (socket, req) => {
  const visitor = new URL(req.url!, "http://x").searchParams.get("token") ?? "anon";
  socket.send(JSON.stringify({ type: "ready", visitorId: visitor, messages: [] }));
  socket.on("message", (raw) => {
    const frame = JSON.parse(raw.toString()) as { clientMessageId: string; text: string };
    const id = randomUUID();
    insert.run(id, visitor, frame.text, Date.now());
    socket.send(JSON.stringify({ type: "message", message: { id, direction: "outbound", authorKind: "ai", text: "received" } }));
  });
});
server.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ port: (server.address() as { port: number }).port })));
