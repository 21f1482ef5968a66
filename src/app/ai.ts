import { withFallback } from "../ai/fallback.js";
import { createAiDecider } from "../ai/flow/decide.js";
import { createOpenAiProvider, openAiOptionsFromEnv } from "../ai/openai/index.js";
import { createLocalProvider } from "../ai/local/provider.js";
import type { AiProvider } from "../ai/port.js";
import type { WordVectorSource } from "../ai/local/word-vectors.js";
import type { ThreadlineConfig } from "../core/config/schema.js";
import type { Fetch } from "../core/actions/http.js";
import { createActionRunner } from "../core/actions/runner.js";
import type { Logger } from "../core/logger.js";
import type { Contact, HandoffCard } from "../core/model/index.js";
import type { Decider } from "../core/pipeline/decision.js";
import { createGreetingDecider } from "../core/pipeline/greeting-decider.js";
import type { Store } from "../core/store/port.js";
import type { Clock } from "../core/clock.js";
import { createCodeVerification } from "../core/identity/index.js";
import type { RunningKnowledgeBase } from "../knowledge/index.js";

/**
 * The decision step the hub runs: the AI core when `ai.enabled` and intents
 * are configured (on the given provider, or the local one trained from the
 * intents' examples), otherwise the greeting / after-hours texts only.
 */
export function buildDecider(options: {
  config: ThreadlineConfig;
  store: Store;
  logger: Logger;
  clock: Clock;
  provider?: AiProvider;
  knowledge?: RunningKnowledgeBase;
  /** Wakes the outbox (one-time codes are queued outside a decision). */
  onQueued(): void;
  /** Word vectors for the local classifier (few-shot intent sets); see src/app/word-vectors.ts. */
  wordVectors?: WordVectorSource;
  /** Transport for actions (global fetch by default; a stand-in in simulations). */
  actionFetch?: Fetch;
  /** Base URL of relative action URLs (default: hub.public_url). */
  actionBaseUrl?(): string;
  /** Whether an escalation with this card reaches a target that can deliver (the relay's view); the reply time is promised only then. */
  reachable?(card: HandoffCard, contact: Contact): boolean;
}): { decide: Decider; provider: AiProvider | null } {
  const { config, store, logger } = options;
  if (!config.ai.enabled || config.intents.length === 0) {
    return {
      provider: null,
      decide: createGreetingDecider({
        store,
        defaultLocale: config.hub.default_locale,
        greeting: config.messages.greeting,
        afterHours: config.messages.after_hours,
        businessHours: config.business_hours,
      }),
    };
  }
  const provider =
    options.provider ??
    createLocalProvider({
      intents: config.intents.map((i) => ({ name: i.name, description: i.description, examples: i.examples })),
      threshold: config.ai.intent_threshold,
      answerMinCoverage: config.ai.answer_min_coverage,
      outOfScope: config.ai.out_of_scope,
      wordVectors: options.wordVectors ?? null,
    });
  const knowledge = options.knowledge;
  const decide = createAiDecider({
    store,
    logger: logger.child({ part: "ai" }),
    provider,
    config,
    codes: createCodeVerification({ store, clock: options.clock, logger, onQueued: options.onQueued }),
    ...(knowledge
      ? {
          knowledge,
          guard: (text, input) =>
            knowledge.guardAnswer({ text, conversationId: input.conversation.id, contactId: input.contact.id, messageId: input.message.id }),
        }
      : {}),
    ...(Object.keys(config.actions).length > 0
      ? {
          actions: createActionRunner({
            actions: config.actions,
            store,
            logger: logger.child({ part: "actions" }),
            baseUrl: options.actionBaseUrl ?? (() => config.hub.public_url),
            ...(options.actionFetch ? { fetch: options.actionFetch } : {}),
          }),
        }
      : {}),
    conversationUrl: (id) => `${config.hub.public_url.replace(/\/$/, "")}/console/c/${id}`,
    ...(options.reachable ? { reachable: options.reachable } : {}),
  });
  return { decide, provider };
}

/**
 * The provider `ai.provider` asks for: OpenAI (any compatible server) with
 * automatic fall-back to the local provider when OPENAI_API_KEY is set and
 * the provider is auto or openai; otherwise undefined (the local provider).
 */
export function providerFromEnv(
  config: ThreadlineConfig,
  env: Readonly<Record<string, string | undefined>>,
  logger: Logger,
  wordVectors: WordVectorSource = null,
): AiProvider | undefined {
  if (!config.ai.enabled || config.intents.length === 0 || config.ai.provider === "local") return undefined;
  const options = openAiOptionsFromEnv(env, config.ai.openai, logger);
  if (!options) {
    if (config.ai.provider === "openai") logger.warn("ai.provider is openai but OPENAI_API_KEY is not set: using the local provider");
    return undefined;
  }
  const local = createLocalProvider({
    intents: config.intents.map((i) => ({ name: i.name, description: i.description, examples: i.examples })),
    threshold: config.ai.intent_threshold,
    answerMinCoverage: config.ai.answer_min_coverage,
    outOfScope: config.ai.out_of_scope,
    wordVectors,
  });
  logger.info({ model: options.models.chat }, "AI provider: OpenAI-compatible server, falling back to the local provider on errors");
  return withFallback(createOpenAiProvider(options), local, logger, { failureThreshold: 3, cooldownMs: 30_000 });
}
