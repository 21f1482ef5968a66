import type { Express } from "express";
import { z } from "zod";
import { checkAttributes, contactAttributes, setContactAttributes } from "../core/attributes/index.js";
import type { Clock } from "../core/clock.js";
import type { AttributeDeclarations } from "../core/config/attributes-schema.js";
import { NotFoundError } from "../core/errors.js";
import { resolveLiveContact } from "../core/identity/index.js";
import type { Logger } from "../core/logger.js";
import type { Contact } from "../core/model/index.js";
import type { Store } from "../core/store/port.js";
import { adminGuard } from "./admin-auth.js";

/** PATCH body: attribute name → value (JSON string, number or boolean), or null to remove it. */
const patchBodySchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));

export interface ContactApiDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  adminToken: string | undefined;
  attributes: AttributeDeclarations;
  /** A contact's attributes changed: re-render the card of its open escalation. Must not throw. */
  onChanged?(contactId: string): void;
}

/**
 * Contact attributes over HTTP, behind the admin token:
 *
 * - `GET /api/contacts/:id/attributes` → `{ contact_id, attributes }`;
 * - `PATCH /api/contacts/:id/attributes` with `{ "tier": "vip", "since": null }`
 *   (merge-patch: named keys are set, null removes, others stay) →
 *   `{ contact_id, attributes, changed }`. Every key must be declared under
 *   `attributes:` and every value fit its type; otherwise 400 naming the key,
 *   and nothing is written.
 *
 * A merged contact's old id is followed to the live contact.
 */
export function mountContactApi(app: Express, deps: ContactApiDeps): void {
  const authorised = adminGuard({ adminToken: deps.adminToken, logger: deps.logger, what: "contact API" });
  const view = (contact: Contact) => ({
    contact_id: contact.id,
    attributes: Object.fromEntries(contactAttributes(deps.attributes, contact.profile).map((a) => [a.key, a.value])),
  });
  const live = async (id: string): Promise<Contact | null> => {
    try {
      return await resolveLiveContact(deps.store, id);
    } catch (e) {
      if (e instanceof NotFoundError) return null;
      throw e;
    }
  };

  app.get("/api/contacts/:id/attributes", async (req, res) => {
    if (!authorised(req, res)) return;
    const contact = await live(req.params.id);
    if (!contact) return void res.status(404).json({ error: { code: "not_found", message: "no such contact" } });
    res.json(view(contact));
  });

  app.patch("/api/contacts/:id/attributes", async (req, res) => {
    if (!authorised(req, res)) return;
    const parsed = patchBodySchema.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const key = issue?.path.map(String).join(".");
      return void res.status(400).json({
        error: {
          code: "invalid_body",
          message: key ? `${key}: expected a string, number, boolean or null` : "expected a JSON object of attribute name → value",
        },
      });
    }
    if (Object.keys(parsed.data).length === 0) {
      return void res.status(400).json({ error: { code: "invalid_body", message: 'name at least one attribute, e.g. { "tier": "vip" }' } });
    }
    const checked = checkAttributes(deps.attributes, parsed.data);
    if (!checked.ok) return void res.status(400).json({ error: { code: checked.problem.code, message: checked.problem.message, key: checked.problem.key } });
    const contact = await live(req.params.id);
    if (!contact) return void res.status(404).json({ error: { code: "not_found", message: "no such contact" } });
    const result = await setContactAttributes({ store: deps.store, clock: deps.clock }, contact, {
      contactId: contact.id,
      values: checked.values,
      actor: "api",
      source: "api",
    });
    if (result.changed.length > 0) deps.onChanged?.(contact.id);
    res.json({ ...view(result.contact), changed: result.changed });
  });
}
