import { describe, expect, it } from "vitest";
import { PassThrough } from "node:stream";
import { createLogger, scrubPii } from "../../src/core/logger.js";
import { captureLogs, flushLogs } from "../helpers/log-capture.js";

describe("logger", () => {
  it("prints readable lines for a terminal (pretty), with the same redaction and scrubbing", () => {
    const sink = new PassThrough();
    let out = "";
    sink.on("data", (d: Buffer) => (out += d.toString()));
    const logger = createLogger({ pretty: true, destination: sink });
    logger.info({ channel: "web", email: "a@b.co", text: "my card is 4111" }, "stored for ana@example.com");
    expect(out).toMatch(/INFO: stored for \[email\]/); // synchronous: written before info() returns
    expect(out).toMatch(/channel: "web"/);
    for (const secret of ["a@b.co", "4111", "ana@example.com"]) expect(out).not.toContain(secret);
    expect(out.trimStart().startsWith("{")).toBe(false);
  });

  it("writes structured JSON lines with level and time", async () => {
    const { logger, records } = captureLogs();
    logger.info({ conversationId: "cv_1" }, "message stored");
    await flushLogs();
    const lines = records();
    expect(lines[0]).toMatchObject({ level: "info", conversationId: "cv_1", msg: "message stored" });
    expect(typeof lines[0]!.time).toBe("string");
  });

  it("redacts secrets and customer PII fields, keeping ids", async () => {
    const { logger, records } = captureLogs();
    logger.info(
      {
        token: "123:ABC",
        config: { password: "hunter2", apiKey: "sk-x" },
        text: "my card is 4111",
        contact: { email: "a@b.co", phone: "+4915112345678", id: "ct_1" },
      },
      "x",
    );
    await flushLogs();
    const lines = records();
    const line = JSON.stringify(lines[0]);
    for (const secret of ["123:ABC", "hunter2", "sk-x", "4111", "a@b.co", "+4915112345678"]) expect(line).not.toContain(secret);
    expect(line).toContain("ct_1");
  });

  it("scrubs e-mail addresses and phone numbers inside message strings and errors", async () => {
    const { logger, records } = captureLogs();
    logger.warn("could not deliver to ana@example.com or +49 151 1234 5678");
    logger.error({ err: new Error("bounce from bob@example.org") }, "failed");
    await flushLogs();
    const lines = records();
    expect(lines[0]!.msg).toBe("could not deliver to [email] or [phone]");
    expect(JSON.stringify(lines[1])).not.toContain("bob@example.org");
    expect(scrubPii("order 10023 ok")).toBe("order 10023 ok");
    expect(scrubPii("listening on http://127.0.0.1:44491 at 2026-11-23 23:19")).toBe("listening on http://127.0.0.1:44491 at 2026-11-23 23:19");
    expect(scrubPii("call 004915112345678")).toBe("call [phone]");
  });
});
