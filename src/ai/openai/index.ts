/**
 * The OpenAI provider: the AiProvider port over the official `openai`
 * client, against api.openai.com or any OpenAI-compatible server (Ollama,
 * vLLM, Azure OpenAI's v1 endpoint) through `baseURL`. The only module that
 * imports `openai`; its types never leave this folder.
 *
 * Every call: one attempt (`maxRetries: 0`; the fallback answers instead of
 * a retry), a per-call timeout, a forced function call whose arguments are
 * parsed as JSON and validated with zod. Failures are AiProviderError with
 * kind unavailable | timeout | invalid_output.
 */
import OpenAI from "openai";
import type { AiProvider } from "../port.js";
import { answerWithOpenAi } from "./answer.js";
import { chooseActionWithOpenAi } from "./choose-action.js";
import { classifyWithOpenAi } from "./classify.js";
import type { OpenAiContext } from "./context.js";
import { embedWithOpenAi } from "./embed.js";
import { extractWithOpenAi } from "./extract.js";
import { DEFAULT_OPENAI_BASE_URL, type OpenAiProviderOptions } from "./options.js";
import { summariseWithOpenAi } from "./summarise.js";

export { DEFAULT_OPENAI_BASE_URL, openAiOptionsFromEnv, openAiSettingsSchema } from "./options.js";
export type { OpenAiProviderOptions, OpenAiSettings } from "./options.js";

export interface OpenAiProvider extends AiProvider {
  readonly id: "openai";
  /** The base URL in use (for `config check` / status pages; holds no secret). */
  readonly baseURL: string;
}

export function createOpenAiProvider(options: OpenAiProviderOptions): OpenAiProvider {
  if (!options.apiKey) throw new Error("createOpenAiProvider: apiKey is required");
  if (!options.models.chat) throw new Error("createOpenAiProvider: models.chat is required");
  if (!(options.timeoutMs > 0)) throw new Error("createOpenAiProvider: timeoutMs must be positive");
  const baseURL = options.baseURL ?? DEFAULT_OPENAI_BASE_URL;
  const client = new OpenAI({
    apiKey: options.apiKey,
    baseURL,
    // Explicit, so the SDK never picks these up from the environment.
    organization: null,
    project: null,
    timeout: options.timeoutMs,
    maxRetries: 0,
    // The SDK's own console logging is off: it is not structured and could print request details.
    logLevel: "off",
    ...(options.defaultHeaders ? { defaultHeaders: options.defaultHeaders } : {}),
    ...(options.defaultQuery ? { defaultQuery: options.defaultQuery } : {}),
  });
  const ctx: OpenAiContext = {
    client,
    chatModel: options.models.chat,
    timeoutMs: options.timeoutMs,
    temperature: options.temperature,
    logger: options.logger.child({ component: "ai.openai" }),
  };
  const embeddingModel = options.models.embeddings;
  return {
    id: "openai",
    baseURL,
    classify: (input) => classifyWithOpenAi(ctx, input),
    extract: (input) => extractWithOpenAi(ctx, input),
    answer: (input) => answerWithOpenAi(ctx, input),
    summarise: (input) => summariseWithOpenAi(ctx, input),
    chooseAction: (input) => chooseActionWithOpenAi(ctx, input),
    ...(embeddingModel ? { embed: (texts: string[]) => embedWithOpenAi(ctx, embeddingModel, texts) } : {}),
  };
}
