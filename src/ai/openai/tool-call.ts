import type OpenAI from "openai";
import type { z } from "zod";
import { AiProviderError, describeIssues, type AiOperation } from "../port.js";
import { invalidOutput } from "./errors.js";

type ChatCompletion = OpenAI.Chat.Completions.ChatCompletion;
type ChatCompletionFunctionTool = OpenAI.Chat.Completions.ChatCompletionFunctionTool;

/** A function tool definition plus the `tool_choice` that forces it. */
export function forcedTool(
  name: string,
  description: string,
  parameters: Record<string, unknown>,
): {
  tools: ChatCompletionFunctionTool[];
  tool_choice: OpenAI.Chat.Completions.ChatCompletionNamedToolChoice;
} {
  return {
    tools: [{ type: "function", function: { name, description, parameters } }],
    tool_choice: { type: "function", function: { name } },
  };
}

/**
 * The arguments of the forced tool call, parsed as JSON and validated.
 *
 * Accepted: a `tool_calls` entry for the tool (the normal case). Some
 * OpenAI-compatible servers ignore `tool_choice` and answer in `content`
 * instead: a content that is a JSON object (optionally inside a ```json
 * fence) is accepted too. Anything else — no choice, a refusal, prose,
 * arguments that are not JSON, a schema violation — is `invalid_output`.
 */
export function readToolArguments<S extends z.ZodType>(operation: AiOperation, completion: ChatCompletion, toolName: string, schema: S): z.infer<S> {
  try {
    return read(operation, completion, toolName, schema);
  } catch (e) {
    // A body shaped nothing like a completion (null, a string, odd types) must not escape as a TypeError.
    if (e instanceof AiProviderError) throw e;
    throw invalidOutput(operation, "the response is not a chat completion");
  }
}

function read<S extends z.ZodType>(operation: AiOperation, completion: ChatCompletion, toolName: string, schema: S): z.infer<S> {
  const message = (completion as ChatCompletion | null | undefined)?.choices?.[0]?.message;
  if (!message) throw invalidOutput(operation, "the response has no choices");
  if (message.refusal) throw invalidOutput(operation, "the model refused");
  let raw: string | undefined;
  const call = message.tool_calls?.find((c) => c.type === "function" && c.function.name === toolName);
  if (call && call.type === "function") raw = call.function.arguments;
  else if (message.tool_calls?.length) throw invalidOutput(operation, "the model called a different tool");
  else if (typeof message.content === "string") raw = stripFence(message.content);
  if (raw === undefined || raw.trim() === "") throw invalidOutput(operation, "no tool call in the response");
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw invalidOutput(operation, call ? "tool call arguments are not valid JSON" : "the response is neither a tool call nor JSON");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw invalidOutput(operation, `tool call arguments do not match the schema (${describeIssues(parsed.error)})`);
  return parsed.data;
}

function stripFence(content: string): string {
  const m = /^\s*```(?:json)?\s*\n?([\s\S]*?)\n?```\s*$/i.exec(content);
  return (m ? m[1]! : content).trim();
}
