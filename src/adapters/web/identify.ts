import type { ChannelHost } from "../../core/channel/adapter.js";
import type { Clock } from "../../core/clock.js";
import type { Logger } from "../../core/logger.js";
import { WebChatError } from "./errors.js";
import { verifySignedIdentity } from "./identity.js";
import type { IdentifyResponse } from "./protocol.js";

export interface IdentifyDeps {
  /** `channels.web.identity_secret`; undefined: signed identities are off. */
  secret: string | undefined;
  clock: Clock;
  logger: Logger;
  getHost: () => ChannelHost | null;
}

/**
 * POST /api/web/identify behind the visitor token: checks the host site's
 * signature, then lets the hub apply the identity to the visitor's contact.
 * Every refusal is a WebChatError (a 4xx with a code) and is logged with the
 * visitor id and the reason only: never the payload (user id, e-mail and
 * name are PII) nor the signature.
 */
export function createIdentify(deps: IdentifyDeps) {
  const { secret, clock, logger, getHost } = deps;
  const refused = (visitorId: string, err: WebChatError): WebChatError => {
    logger.warn({ visitorId, code: err.code }, `web chat: signed identity refused (${err.code})`);
    return err;
  };

  return async function identify(visitorId: string, body: { identity: Record<string, unknown>; signature: string }): Promise<IdentifyResponse> {
    if (!secret) {
      throw new WebChatError(404, "identity_not_configured", "signed identities are off: set channels.web.identity_secret (WEB_IDENTITY_SECRET) on the hub");
    }
    const checked = verifySignedIdentity(secret, body.identity, body.signature, clock.now());
    if (!checked.ok) throw refused(visitorId, new WebChatError(checked.status, checked.code, checked.message));
    const host = getHost();
    if (!host?.identify) throw new WebChatError(503, "not_ready", "the web chat is not accepting identities right now; try again shortly", 2000);
    let outcome;
    try {
      outcome = await host.identify({ sender: { kind: "web", value: visitorId }, verified: checked.identity });
    } catch (err) {
      logger.error({ err, visitorId }, "web chat: applying a signed identity failed");
      throw new WebChatError(503, "unavailable", "the identity could not be stored; please try again", 2000);
    }
    switch (outcome.status) {
      case "mismatch":
        throw refused(
          visitorId,
          new WebChatError(
            409,
            "identity_mismatch",
            "this chat session belongs to another signed-in user; start a new session (POST /api/web/session) and identify again",
          ),
        );
      case "invalid_attribute":
        logger.warn({ visitorId, code: outcome.problem.code, attribute: outcome.problem.key }, "web chat: signed identity refused (attribute)");
        throw new WebChatError(422, outcome.problem.code, outcome.problem.message);
      case "identified":
        logger.info({ visitorId, contactId: outcome.contactId, merged: outcome.merged, changed: outcome.changed }, "web chat: signed identity accepted");
        return { identified: true };
    }
  };
}
