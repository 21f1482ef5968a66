export * from "./ids.js";
export * from "./channel.js";
export * from "./contact.js";
export * from "./conversation.js";
export * from "./message.js";
export * from "./event.js";
export * from "./outbox.js";
export * from "./factories.js";
