import { z } from "zod";
import { describeIssues } from "../port.js";
import { invalidOutput, toAiProviderError } from "./errors.js";
import { requestOptions, type OpenAiContext } from "./context.js";

/**
 * Embeddings with `encoding_format: "float"` (plain arrays: every
 * OpenAI-compatible server supports it, base64 is not universal). The
 * response is validated: one finite vector per input, all of one dimension,
 * returned in input order (by `index`).
 */
export async function embedWithOpenAi(ctx: OpenAiContext, model: string, texts: string[]): Promise<number[][]> {
  if (texts.length === 0) return [];
  const started = Date.now();
  const deadline = AbortSignal.timeout(ctx.timeoutMs);
  let response: unknown;
  try {
    response = await ctx.client.embeddings.create({ model, input: texts, encoding_format: "float" }, requestOptions(ctx, deadline));
  } catch (e) {
    throw toAiProviderError("embed", e, deadline);
  }
  const parsed = responseSchema.safeParse(response);
  if (!parsed.success) throw invalidOutput("embed", `response does not match the schema (${describeIssues(parsed.error)})`);
  const data = [...parsed.data.data].sort((a, b) => a.index - b.index);
  if (data.length !== texts.length || data.some((d, i) => d.index !== i)) {
    throw invalidOutput("embed", `expected ${texts.length} vectors, got ${data.length}`);
  }
  const dim = data[0]!.embedding.length;
  if (data.some((d) => d.embedding.length !== dim)) throw invalidOutput("embed", "vectors of different dimensions");
  ctx.logger.debug({ ai: { provider: "openai", operation: "embed", model, ms: Date.now() - started, count: texts.length, dim } }, "openai call done");
  return data.map((d) => d.embedding);
}

const responseSchema = z.object({
  data: z.array(z.object({ index: z.number().int().min(0), embedding: z.array(z.number().finite()).min(1) })),
});
