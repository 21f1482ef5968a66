import { APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { AiProviderError, type AiOperation } from "../port.js";

/**
 * Maps anything the SDK throws to an {@link AiProviderError}. The upstream
 * message is deliberately dropped (it can echo the prompt or a masked key);
 * only the status, the error class and the API's error code are kept.
 */
export function toAiProviderError(operation: AiOperation, e: unknown, deadline?: AbortSignal): AiProviderError {
  if (e instanceof AiProviderError) return e;
  if (e instanceof APIConnectionTimeoutError || deadline?.aborted) {
    return new AiProviderError("timeout", operation, `OpenAI ${operation} timed out`);
  }
  if (e instanceof APIUserAbortError) {
    return new AiProviderError("timeout", operation, `OpenAI ${operation} was aborted`);
  }
  if (e instanceof APIError) {
    const code = typeof e.code === "string" && /^[\w.-]{1,64}$/.test(e.code) ? ` (${e.code})` : "";
    const what = e.status === undefined ? "connection failed" : `HTTP ${e.status}`;
    return new AiProviderError("unavailable", operation, `OpenAI ${operation} failed: ${what}${code}`, "openai", e.status);
  }
  // Network failures arrive as APIConnectionError (an APIError, above). Anything else was thrown
  // while reading a response (a body that is not JSON, JSON null, …): the server answered unusably.
  const name = e instanceof Error ? e.name : typeof e;
  return new AiProviderError("invalid_output", operation, `OpenAI ${operation}: unreadable response (${name})`);
}

export function invalidOutput(operation: AiOperation, message: string): AiProviderError {
  return new AiProviderError("invalid_output", operation, `OpenAI ${operation}: ${message}`);
}
