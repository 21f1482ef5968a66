/**
 * A demo-like intent set for the local provider tests: 8 intents × 8
 * examples (what a shop's config file holds), held-out paraphrases that
 * share the meaning but not the wording, and out-of-scope messages.
 */
import type { AnswerPassage, IntentSpec } from "../../../src/ai/port.js";

export const DEMO_INTENTS: IntentSpec[] = [
  {
    name: "order_status",
    description: "Where an order is, delivery status and tracking",
    examples: [
      "where is my order",
      "has my order shipped yet",
      "when will my package arrive",
      "can you track my parcel",
      "my order hasn't arrived",
      "tracking number for my purchase",
      "is my order on its way",
      "wo ist meine Bestellung",
    ],
  },
  {
    name: "refund",
    description: "Money back for an order or a return",
    examples: [
      "I want a refund",
      "can I get my money back",
      "please refund my purchase",
      "how long does a refund take",
      "when will I receive my refund",
      "I returned the item, where is my refund",
      "refund me for the broken item",
      "ich möchte mein Geld zurück",
    ],
  },
  {
    name: "returns",
    description: "How to send an item back",
    examples: [
      "how do I return an item",
      "I want to send this back",
      "what is your return policy",
      "can I exchange it for another size",
      "return label please",
      "how many days do I have to return",
      "the jacket doesn't fit, can I return it",
      "wie kann ich etwas zurücksenden",
    ],
  },
  {
    name: "shipping",
    description: "Shipping costs, destinations and delivery times",
    examples: [
      "how much is shipping",
      "do you ship to Canada",
      "do you offer free shipping",
      "how long does delivery take",
      "what are your delivery charges",
      "is express delivery available",
      "shipping cost to the UK",
      "was kostet der Versand",
    ],
  },
  {
    name: "cancel_order",
    description: "Cancel an order that was placed",
    examples: [
      "cancel my order",
      "I want to cancel my purchase",
      "can I still cancel my order",
      "I ordered by mistake, cancel it",
      "please stop my order",
      "how do I cancel an order",
      "I no longer want this order",
      "Bestellung stornieren bitte",
    ],
  },
  {
    name: "damaged_item",
    description: "An item arrived broken, damaged or wrong",
    examples: [
      "my item arrived broken",
      "the product is damaged",
      "I received the wrong item",
      "the box was crushed and the lamp is cracked",
      "there is a scratch on the screen",
      "a part is missing from the package",
      "the zipper broke on day one",
      "der Artikel ist kaputt angekommen",
    ],
  },
  {
    name: "account_access",
    description: "Login problems, password reset, account settings",
    examples: [
      "I can't log in",
      "reset my password",
      "I forgot my password",
      "my account is locked",
      "how do I change my email address",
      "the reset link does not work",
      "delete my account",
      "ich komme nicht in mein Konto",
    ],
  },
  {
    name: "payment",
    description: "Payment methods and payment problems",
    examples: [
      "which payment methods do you accept",
      "can I pay with PayPal",
      "my card was declined",
      "do you take Klarna",
      "was I charged twice",
      "can I pay by invoice",
      "payment failed at checkout",
      "kann ich mit Kreditkarte zahlen",
    ],
  },
];

/** Held-out phrasings: [text, expected intent]. */
export const HELD_OUT: [string, string][] = [
  ["any news on where my parcel is?", "order_status"],
  ["my package still hasn't arrived", "order_status"],
  ["I'd like my money back please", "refund"],
  ["when do I get refunded", "refund"],
  ["how can I send the shoes back", "returns"],
  ["do I need a return label", "returns"],
  ["what does delivery to Austria cost", "shipping"],
  ["is shipping free", "shipping"],
  ["please cancel the order I just placed", "cancel_order"],
  ["I want to cancel", "cancel_order"],
  ["the mug arrived cracked", "damaged_item"],
  ["you sent me the wrong size and it is damaged", "damaged_item"],
  ["I cannot log into my account", "account_access"],
  ["password reset email never came", "account_access"],
  ["do you accept credit cards", "payment"],
  ["my payment was declined", "payment"],
];

export const OUT_OF_SCOPE = [
  "what is the capital of France",
  "tell me a joke about penguins",
  "who won the football match last night",
  "what's the weather like in Berlin tomorrow",
  "recommend a good pizza recipe",
];

export const PASSAGES: AnswerPassage[] = [
  {
    citation: { articleId: "shipping", version: 3, passageId: "shipping#delivery-times" },
    title: "Delivery times",
    text: "## Delivery times\nOrders arrive within 3-5 working days. Express orders arrive the next working day if placed before 2 pm.\n\n- Tracking links are sent by **email** once the parcel ships, see [order tracking](https://shop.example/track).",
  },
  {
    citation: { articleId: "returns", version: 1, passageId: "returns#refunds" },
    title: "Refunds",
    text: "Refunds are paid within 14 days of receiving the return. The money goes back to the original payment method.",
  },
  {
    citation: { articleId: "payment-methods", version: 2, passageId: "payment-methods#methods" },
    title: "Payment methods",
    text: "We accept Visa, Mastercard, PayPal and Klarna. Cash on delivery is not available.",
  },
];
