import type OpenAI from "openai";
import type { Logger } from "../../core/logger.js";
import type { AiOperation } from "../port.js";
import { toAiProviderError } from "./errors.js";

type ChatParams = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;

/** What every operation needs: the client, the settings, the logger. */
export interface OpenAiContext {
  client: OpenAI;
  chatModel: string;
  timeoutMs: number;
  /** Sent only when set. */
  temperature: number | undefined;
  logger: Logger;
}

/**
 * One chat completion with the per-call timeout. Logs the operation, model,
 * duration and token counts only — never messages or output. SDK errors
 * become AiProviderError.
 */
export async function chat(
  ctx: OpenAiContext,
  operation: AiOperation,
  params: Omit<ChatParams, "model" | "temperature" | "stream">,
): Promise<OpenAI.Chat.Completions.ChatCompletion> {
  const started = Date.now();
  const deadline = AbortSignal.timeout(ctx.timeoutMs);
  try {
    const completion = await ctx.client.chat.completions.create(
      { ...params, model: ctx.chatModel, ...(ctx.temperature === undefined ? {} : { temperature: ctx.temperature }), stream: false },
      requestOptions(ctx, deadline),
    );
    ctx.logger.debug(
      { ai: { provider: "openai", operation, model: ctx.chatModel, ms: Date.now() - started, tokens: completion.usage?.total_tokens } },
      "openai call done",
    );
    return completion;
  } catch (e) {
    throw toAiProviderError(operation, e, deadline);
  }
}

/**
 * The SDK's `timeout` only covers the wait for the response headers; the
 * `signal` also bounds reading the body (a server that sends headers and then
 * stalls). Both use the same limit.
 */
export function requestOptions(ctx: OpenAiContext, deadline: AbortSignal): { timeout: number; maxRetries: 0; signal: AbortSignal } {
  return { timeout: ctx.timeoutMs, maxRetries: 0, signal: deadline };
}
