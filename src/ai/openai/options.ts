import type { Logger } from "../../core/logger.js";

/** Options of {@link createOpenAiProvider}. The composition root builds them from env and config. */
export interface OpenAiProviderOptions {
  /** `OPENAI_API_KEY`. Sent as a Bearer token; never logged. Local servers (Ollama, vLLM) accept any non-empty value. */
  apiKey: string;
  /**
   * `OPENAI_BASE_URL`, e.g. `http://127.0.0.1:11434/v1` (Ollama), `http://vllm:8000/v1`,
   * `https://RESOURCE.openai.azure.com/openai/v1/`. Default `https://api.openai.com/v1`.
   * Always passed explicitly, so the SDK never reads the environment itself.
   */
  baseURL?: string;
  models: {
    /** Chat model used for classify, extract, answer and summarise (must support tool calling). */
    chat: string;
    /** Embedding model; without it the provider has no `embed`. */
    embeddings?: string;
  };
  /** Per-call timeout in milliseconds (no retries: the fallback answers instead). */
  timeoutMs: number;
  logger: Logger;
  /** Extra headers on every request (e.g. Azure's `api-key`). Never logged. */
  defaultHeaders?: Record<string, string>;
  /** Extra query parameters on every request (e.g. Azure's `api-version`). */
  defaultQuery?: Record<string, string>;
  /**
   * Sampling temperature for chat calls. Not sent when omitted (the server's default): reasoning
   * models (o-series, gpt-5) reject any value but their default. 0 suits classic chat models.
   */
  temperature?: number;
}

export const DEFAULT_OPENAI_BASE_URL = "https://api.openai.com/v1";

/** Non-secret settings as they appear in config (`ai.openai`); the schema lives with the config schema. */
export { openAiSettingsSchema, type OpenAiSettings } from "../../core/config/ai-schema.js";
import type { OpenAiSettings } from "../../core/config/ai-schema.js";

/**
 * Builds provider options from environment variables and settings, or null
 * when `OPENAI_API_KEY` is not set (the hub then runs on the local provider
 * only). Pure: the composition root passes the process environment in.
 */
export function openAiOptionsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  settings: OpenAiSettings,
  logger: Logger,
): OpenAiProviderOptions | null {
  const apiKey = env["OPENAI_API_KEY"]?.trim();
  if (!apiKey) return null;
  const baseURL = env["OPENAI_BASE_URL"]?.trim();
  return {
    apiKey,
    ...(baseURL ? { baseURL } : {}),
    models: { chat: settings.chat_model, ...(settings.embedding_model ? { embeddings: settings.embedding_model } : {}) },
    timeoutMs: settings.timeout_ms,
    ...(settings.temperature === undefined ? {} : { temperature: settings.temperature }),
    logger,
  };
}
