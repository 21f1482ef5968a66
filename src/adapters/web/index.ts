import type { ChannelModule } from "../../core/channel/module.js";
import { createWebChannelAdapter } from "./adapter.js";
import { webChannelConfigSchema, type WebChannelConfig } from "./config.js";

export type { WebChannelConfig } from "./config.js";
export { createWebChannelAdapter, webAddressSchema, type WebAddress, type WebChannelAdapter } from "./adapter.js";
export { signVisitorToken, verifyVisitorToken, newVisitorSession } from "./token.js";
export type { PublicMessage, ServerFrame, ClientFrame } from "./protocol.js";

/** The web chat channel: embeddable widget, demo page, HTTP routes and websocket. */
export const webChannel: ChannelModule<WebChannelConfig> = {
  id: "web",
  configSchema: webChannelConfigSchema,
  requiredSecrets: [],
  create: (config, deps) => createWebChannelAdapter(config, deps),
};
