import OpenAI from "openai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { withFallback } from "../../../src/ai/fallback.js";
import { createOpenAiProvider } from "../../../src/ai/openai/index.js";
import { AiProviderError } from "../../../src/ai/port.js";
import { silentLogger } from "../../../src/core/logger.js";
import { embedAll, memoryEmbeddingCache, type EmbeddingProvider } from "../../../src/knowledge/embeddings.js";
import { standInVector, startOpenAiStandIn, type OpenAiStandIn } from "../../fakes/openai-server.js";
import { fakeLocalProvider } from "./helpers.js";

let server: OpenAiStandIn;
beforeAll(async () => {
  server = await startOpenAiStandIn({ embeddingDim: 6 });
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
});

function provider(timeoutMs = 2000) {
  return createOpenAiProvider({ apiKey: "k", baseURL: server.baseURL, models: { chat: "c", embeddings: "embed-model-x" }, timeoutMs, logger: silentLogger() });
}

describe("the stand-in honours encoding_format", () => {
  it("base64 float32 when the SDK is left to its default, which the SDK decodes", async () => {
    const client = new OpenAI({ apiKey: "k", baseURL: server.baseURL, maxRetries: 0 });
    const res = await client.embeddings.create({ model: "m", input: ["alpha", "beta"] });
    expect(server.requests[0]!.body.encoding_format).toBe("base64");
    expect(res.data.map((d) => Array.from(d.embedding))).toEqual([standInVector("alpha", 6), standInVector("beta", 6)]);
  });

  it("base64 strings when base64 is asked for explicitly", async () => {
    const client = new OpenAI({ apiKey: "k", baseURL: server.baseURL, maxRetries: 0 });
    const res = await client.embeddings.create({ model: "m", input: "alpha", encoding_format: "base64" });
    const raw = res.data[0]!.embedding as unknown as string;
    expect(typeof raw).toBe("string");
    const buf = Buffer.from(raw, "base64");
    expect(Array.from(new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4))).toEqual(standInVector("alpha", 6));
  });

  it("float arrays when float is asked for", async () => {
    const client = new OpenAI({ apiKey: "k", baseURL: server.baseURL, maxRetries: 0 });
    const res = await client.embeddings.create({ model: "m", input: ["alpha"], encoding_format: "float" });
    expect(res.data[0]!.embedding).toEqual(standInVector("alpha", 6));
  });
});

describe("OpenAI provider embeddings", () => {
  it("asks for float vectors with the configured model, one per text in order", async () => {
    const vectors = await provider().embed!(["one", "two", "three"]);
    expect(vectors).toEqual(["one", "two", "three"].map((t) => standInVector(t, 6)));
    const [req] = server.requestsTo("/v1/embeddings");
    expect(req!.body).toMatchObject({ model: "embed-model-x", encoding_format: "float", input: ["one", "two", "three"] });
  });

  it("returns the server's vectors as given", async () => {
    server.nextEmbeddings({
      kind: "vectors",
      vectors: [
        [1, 0],
        [0, 1],
      ],
    });
    expect(await provider().embed!(["a", "b"])).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });

  it("makes no call for no texts", async () => {
    expect(await provider().embed!([])).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });

  it("the wrong number of vectors or mixed dimensions is invalid_output", async () => {
    server.nextEmbeddings({ kind: "vectors", vectors: [[1, 0]] }, { kind: "vectors", vectors: [[1, 0], [1]] });
    await expect(provider().embed!(["a", "b"])).rejects.toMatchObject({ kind: "invalid_output" });
    await expect(provider().embed!(["a", "b"])).rejects.toMatchObject({ kind: "invalid_output" });
  });

  it("500 is unavailable and a slow server is a timeout", async () => {
    server.nextEmbeddings({ kind: "error", status: 500 }, { kind: "delay", ms: 1500 });
    await expect(provider().embed!(["a"])).rejects.toMatchObject({ kind: "unavailable", status: 500 });
    const e = await provider(200).embed!(["a"]).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AiProviderError);
    expect((e as AiProviderError).kind).toBe("timeout");
  });

  it("plugs into the knowledge base's EmbeddingProvider port", async () => {
    const p: EmbeddingProvider = provider() as Required<Pick<ReturnType<typeof provider>, "embed">>;
    const cache = memoryEmbeddingCache();
    const first = await embedAll(["x", "y", "x"], { provider: p, cache, model: "embed-model-x" });
    expect(first.embedded).toBe(2);
    expect(first.vectors).toHaveLength(3);
    const again = await embedAll(["x", "y"], { provider: p, cache, model: "embed-model-x" });
    expect(again.embedded).toBe(0);
    expect(server.requestsTo("/v1/embeddings")).toHaveLength(1);
  });

  it("withFallback keeps the primary's embed and does not replace its vectors", async () => {
    const ai = withFallback(provider(), fakeLocalProvider(), silentLogger());
    expect(await ai.embed!(["q"])).toEqual([standInVector("q", 6)]);
    server.nextEmbeddings({ kind: "error", status: 500 });
    await expect(ai.embed!(["q"])).rejects.toMatchObject({ kind: "unavailable" });
    expect(withFallback(fakeLocalProvider("openai"), fakeLocalProvider(), silentLogger()).embed).toBeUndefined();
  });
});
