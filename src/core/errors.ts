/**
 * Typed errors. Each carries a stable `code` so callers (HTTP handlers, the
 * CLI, the outbox) branch on the kind of failure rather than on message text.
 */
export class ThreadlineError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A config file is invalid; `problems` lists each as file:line key: message. */
export class ConfigError extends ThreadlineError {
  constructor(readonly problems: ConfigProblem[]) {
    super("config_invalid", problems.map(formatConfigProblem).join("\n"));
  }
}

export interface ConfigProblem {
  file: string;
  line: number;
  key: string;
  message: string;
}

export function formatConfigProblem(p: ConfigProblem): string {
  return `${p.file}:${p.line} ${p.key || "(root)"}: ${p.message}`;
}

/** An identity is already linked to another contact. */
export class IdentityConflictError extends ThreadlineError {
  constructor(
    readonly kind: string,
    readonly ownerContactId: string,
  ) {
    super("identity_conflict", `identity of kind ${kind} already belongs to contact ${ownerContactId}`);
  }
}

/** A referenced entity does not exist. */
export class NotFoundError extends ThreadlineError {
  constructor(entity: string, id: string) {
    super("not_found", `${entity} ${id} not found`);
  }
}
