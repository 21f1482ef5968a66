import type { z } from "zod";
import type { ActionConfig } from "./schema.js";

interface ActionReferences {
  actions: Record<string, ActionConfig>;
  intents: { name: string; actions: string[] }[];
  fields: Record<string, unknown>;
  queues: Record<string, unknown>;
  attributes: Record<string, unknown>;
}

/**
 * Cross-references of `actions:` a per-key schema cannot see: intents name
 * existing actions, actions need and ask existing fields and escalate to
 * existing queues, and an absolute URL's host is literal text (a template
 * value may fill the path or query, never the host).
 */
export function checkActionReferences(cfg: ActionReferences, ctx: z.RefinementCtx): void {
  const names = Object.keys(cfg.actions);
  cfg.intents.forEach((intent, i) => {
    intent.actions.forEach((a, j) => {
      if (!cfg.actions[a])
        ctx.addIssue({ code: "custom", path: ["intents", i, "actions", j], message: `unknown action "${a}" (actions: ${names.join(", ") || "none defined"})` });
    });
  });
  for (const [name, action] of Object.entries(cfg.actions)) {
    action.needs.forEach((f, j) => {
      if (!(f in cfg.fields)) ctx.addIssue({ code: "custom", path: ["actions", name, "needs", j], message: `unknown field "${f}" (define it under fields:)` });
    });
    if (action.ownership && !(action.ownership.ask in cfg.fields)) {
      ctx.addIssue({
        code: "custom",
        path: ["actions", name, "ownership", "ask"],
        message: `unknown field "${action.ownership.ask}" (define it under fields:)`,
      });
    }
    action.escalate.forEach((e, j) => {
      if (!(e.queue in cfg.queues)) ctx.addIssue({ code: "custom", path: ["actions", name, "escalate", j, "queue"], message: `unknown queue "${e.queue}"` });
    });
    if (action.verify_with && (!cfg.actions[action.verify_with] || !cfg.actions[action.verify_with]!.ownership)) {
      ctx.addIssue({ code: "custom", path: ["actions", name, "verify_with"], message: `"${action.verify_with}" must be an action with an ownership check` });
    }
    for (const [attribute, key] of Object.entries(action.attributes)) {
      if (!(attribute in cfg.attributes))
        ctx.addIssue({
          code: "custom",
          path: ["actions", name, "attributes", attribute],
          message: `unknown attribute "${attribute}" (declare it under attributes:)`,
        });
      if (!(key in action.result))
        ctx.addIssue({ code: "custom", path: ["actions", name, "attributes", attribute], message: `"${key}" is not one of this action's result values` });
    }
    const problem = urlProblem(action.url);
    if (problem) ctx.addIssue({ code: "custom", path: ["actions", name, "url"], message: problem });
  }
}

/** Null when the URL is a path on the hub or an http(s) URL whose scheme and host contain no template. */
function urlProblem(url: string): string | null {
  if (url.startsWith("/")) return url.startsWith("//") ? "a URL starting with // names a host: write it in full (https://…)" : null;
  const m = /^(https?):\/\/([^/?#]*)/i.exec(url);
  if (!m) return "expected an absolute http(s) URL or a path on the hub starting with /";
  if (m[2]!.includes("{{") || m[2]!.includes("@"))
    return "the host must be written literally (no {{values}}, no user@): values may only fill the path or query";
  return null;
}
