import { createHash, timingSafeEqual } from "node:crypto";
import type { Express, Request, Response } from "express";
import QRCode from "qrcode";
import type { Logger } from "../../core/logger.js";
import type { SessionState } from "./session.js";

export interface QrRouteDeps {
  /** GET path answers JSON; path + ".png" answers the image. */
  path: string;
  /** Bearer token; without it the endpoints answer 404 (they would hand out a login to the number). */
  adminToken: string | undefined;
  state(): SessionState;
  logger: Logger;
}

/** What GET <qr_path> answers. */
export interface QrStatusBody {
  state: SessionState["phase"];
  detail: string;
  /** "data:image/png;base64,…" while a scan is wanted, else null. */
  qr_data_url: string | null;
  updated_at: string;
}

const NOT_CONFIGURED =
  'the WhatsApp QR endpoint is off: set channels.whatsapp.admin_token (WHATSAPP_ADMIN_TOKEN, 16+ characters) and send it as "Authorization: Bearer <token>"; the QR code is also printed to the hub\'s terminal';

/**
 * Mounts the admin QR endpoints. The QR code logs a phone into this hub's
 * WhatsApp session, so both need the admin bearer token (compared in
 * constant time), and every answer, error or not, is marked never cacheable
 * (no proxy or browser keeps a login code).
 */
export function mountQrRoutes(app: Express, deps: QrRouteDeps): void {
  const rendered = new Map<string, Promise<{ dataUrl: string; png: Buffer }>>();

  function render(qr: string): Promise<{ dataUrl: string; png: Buffer }> {
    let r = rendered.get(qr);
    if (!r) {
      // Only the latest code is worth keeping: it rotates every ~20 s.
      rendered.clear();
      r = QRCode.toBuffer(qr, { type: "png", margin: 2, width: 320, errorCorrectionLevel: "M" }).then((png) => ({
        png,
        dataUrl: `data:image/png;base64,${png.toString("base64")}`,
      }));
      rendered.set(qr, r);
      r.catch(() => rendered.delete(qr));
    }
    return r;
  }

  function authorised(req: Request, res: Response): boolean {
    noStore(res);
    if (!deps.adminToken) {
      res.status(404).json({ error: { code: "qr_endpoint_disabled", message: NOT_CONFIGURED } });
      return false;
    }
    const header = req.get("authorization") ?? "";
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match || !sameToken(match[1]!, deps.adminToken)) {
      deps.logger.warn({ hasAuthorization: header !== "" }, "whatsapp: QR endpoint refused (missing or wrong admin token)");
      res
        .status(401)
        .set("WWW-Authenticate", 'Bearer realm="threadline-whatsapp"')
        .json({ error: { code: "unauthorized", message: 'send the WhatsApp admin token as "Authorization: Bearer <token>"' } });
      return false;
    }
    return true;
  }

  app.get(deps.path, async (req: Request, res: Response) => {
    if (!authorised(req, res)) return;
    const s = deps.state();
    let dataUrl: string | null = null;
    if (s.phase === "qr" && s.qr) {
      try {
        dataUrl = (await render(s.qr)).dataUrl;
      } catch (err) {
        deps.logger.error({ error: err instanceof Error ? err.message : String(err) }, "whatsapp: rendering the QR code failed");
        res.status(500).json({ error: { code: "qr_render_failed", message: "could not render the QR code" } });
        return;
      }
    }
    const body: QrStatusBody = { state: s.phase, detail: s.detail, qr_data_url: dataUrl, updated_at: s.since.toISOString() };
    res.status(200).json(body);
  });

  app.get(`${deps.path}.png`, async (req: Request, res: Response) => {
    if (!authorised(req, res)) return;
    const s = deps.state();
    if (s.phase !== "qr" || !s.qr) {
      res.status(404).json({ error: { code: "no_qr", message: `no QR code to scan right now (state: ${s.phase}: ${s.detail})` } });
      return;
    }
    try {
      const { png } = await render(s.qr);
      res.status(200).type("image/png").send(png);
    } catch (err) {
      deps.logger.error({ error: err instanceof Error ? err.message : String(err) }, "whatsapp: rendering the QR code failed");
      res.status(500).json({ error: { code: "qr_render_failed", message: "could not render the QR code" } });
    }
  });
}

function noStore(res: Response): void {
  res.set({
    "Cache-Control": "no-store, no-cache, max-age=0, must-revalidate, private",
    Pragma: "no-cache",
    Expires: "0",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
  });
}

/** Constant-time comparison that does not leak the token's length (both sides hashed first). */
function sameToken(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/** A compact QR code for a terminal (two rows per character), for the hub's stderr. */
export function terminalQr(qr: string): Promise<string> {
  return QRCode.toString(qr, { type: "terminal", small: true });
}
