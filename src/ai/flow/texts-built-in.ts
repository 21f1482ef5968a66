import { ACTION_TEXTS } from "./texts-actions.js";

/**
 * Built-in wording of the AI's fixed messages in English, German, French and
 * Spanish (the languages the demo config ships). Config (`ai.texts`)
 * overrides any of them per locale; texts.ts picks and fills them.
 * `language_fallback` is also given for the other languages the detector
 * knows, so a customer in one of them is told, in their language, which
 * language the team answers in.
 */
export const BUILT_IN = {
  ...ACTION_TEXTS,
  clarify: {
    en: "I want to make sure I get this right. Is it about {options}? A few more words help me.",
    de: "Ich möchte sichergehen, dass ich dich richtig verstehe. Geht es um {options}? Ein paar Worte mehr helfen mir.",
    fr: "Je veux être sûr de bien comprendre. Est-ce à propos de {options} ? Quelques mots de plus m'aideront.",
    es: "Quiero asegurarme de entenderte bien. ¿Se trata de {options}? Unas palabras más me ayudarán.",
  },
  escalated: {
    en: "Thanks, I've passed this to our {queue} team with everything you told me, so you won't have to repeat yourself.{eta}",
    de: "Danke, ich habe das mit allen Angaben an unser Team {queue} weitergegeben, du musst nichts wiederholen.{eta}",
    fr: "Merci, j'ai transmis votre demande à notre équipe {queue} avec tout ce que vous m'avez dit : vous n'aurez rien à répéter.{eta}",
    es: "Gracias, he pasado tu consulta a nuestro equipo de {queue} con todo lo que me has contado, así no tendrás que repetirlo.{eta}",
  },
  escalated_after_hours: {
    en: "Thanks, I've passed this to our {queue} team with everything you told me. They're offline right now and will pick it up from {eta}.",
    de: "Danke, ich habe das mit allen Angaben an unser Team {queue} weitergegeben. Es ist gerade nicht da und meldet sich ab {eta}.",
    fr: "Merci, j'ai transmis votre demande à notre équipe {queue} avec tout ce que vous m'avez dit. Elle est absente pour le moment et s'en occupera à partir de {eta}.",
    es: "Gracias, he pasado tu consulta a nuestro equipo de {queue} con todo lo que me has contado. Ahora no está disponible y la atenderá a partir de {eta}.",
  },
  escalated_unstaffed: {
    en: "Thanks, I've noted this for our {queue} team with everything you told me, so you won't have to repeat yourself. Nobody from the team is available here right now, so I can't say when they will reply; your message is kept and you'll get the answer in this chat.",
    de: "Danke, ich habe das mit allen Angaben für unser Team {queue} festgehalten, du musst nichts wiederholen. Gerade ist hier niemand aus dem Team erreichbar, deshalb kann ich nicht sagen, wann es antwortet; deine Nachricht bleibt gespeichert und die Antwort kommt in diesen Chat.",
    fr: "Merci, j'ai noté votre demande pour notre équipe {queue} avec tout ce que vous m'avez dit : vous n'aurez rien à répéter. Personne de l'équipe n'est disponible ici pour le moment, je ne peux donc pas dire quand elle répondra ; votre message est conservé et la réponse arrivera dans cette conversation.",
    es: "Gracias, he anotado tu consulta para nuestro equipo de {queue} con todo lo que me has contado, así no tendrás que repetirlo. Ahora mismo no hay nadie del equipo disponible aquí, así que no puedo decir cuándo responderá; tu mensaje queda guardado y recibirás la respuesta en este chat.",
  },
  eta_sla: {
    en: " They usually reply within {sla}.",
    de: " Es antwortet normalerweise innerhalb von {sla}.",
    fr: " Elle répond généralement en moins de {sla}.",
    es: " Suele responder en menos de {sla}.",
  },
  eta_due: {
    en: " You'll hear from them by {due}.",
    de: " Du hörst bis {due} von ihm.",
    fr: " Vous aurez de ses nouvelles d'ici {due}.",
    es: " Tendrás noticias suyas antes del {due}.",
  },
  invalid_field: {
    en: "Sorry, that doesn't look right ({reason}). {prompt}",
    de: "Das sieht leider nicht richtig aus ({reason}). {prompt}",
    fr: "Désolé, cela ne semble pas correct ({reason}). {prompt}",
    es: "Lo siento, no parece correcto ({reason}). {prompt}",
  },
  anything_else: {
    en: "Is there anything else I can help with?",
    de: "Kann ich sonst noch helfen?",
    fr: "Puis-je vous aider pour autre chose ?",
    es: "¿Puedo ayudarte con algo más?",
  },
  source: { en: "Source: {title}", de: "Quelle: {title}", fr: "Source : {title}", es: "Fuente: {title}" },
  closing: {
    en: "You're welcome! If anything else comes up, just write here.",
    de: "Gern! Wenn noch etwas ist, schreib einfach hier.",
    fr: "Avec plaisir ! Si vous avez une autre question, écrivez-nous ici.",
    es: "¡De nada! Si necesitas algo más, escríbenos aquí.",
  },
  language_fallback: {
    en: "Our team answers in {language}.",
    de: "Unser Team antwortet auf {language}.",
    fr: "Notre équipe répond en {language}.",
    es: "Nuestro equipo responde en {language}.",
    it: "Il nostro team risponde in {language}.",
    nl: "Ons team antwoordt in het {language}.",
    pt: "A nossa equipa responde em {language}.",
  },
  link_ask: {
    en: "Happy to connect this chat with your earlier one. Which email address or phone number (with country code) did you use then?",
    de: "Gern verbinde ich diesen Chat mit deinem früheren. Welche E-Mail-Adresse oder Telefonnummer (mit Ländervorwahl) hast du damals benutzt?",
    fr: "Je relie volontiers cette conversation à la précédente. Quelle adresse e-mail ou quel numéro de téléphone (avec l'indicatif du pays) aviez-vous utilisé ?",
    es: "Con gusto uno este chat con el anterior. ¿Qué correo electrónico o número de teléfono (con prefijo del país) usaste entonces?",
  },
  link_offered: {
    en: "If we know that account, a 6-digit code is on its way to it now. Please type the code here to link your conversations.",
    de: "Wenn wir dieses Konto kennen, ist jetzt ein 6-stelliger Code dorthin unterwegs. Bitte gib den Code hier ein, um deine Unterhaltungen zu verbinden.",
    fr: "Si nous connaissons ce compte, un code à 6 chiffres vient d'y être envoyé. Saisissez-le ici pour relier vos conversations.",
    es: "Si conocemos esa cuenta, le acabamos de enviar un código de 6 dígitos. Escríbelo aquí para unir tus conversaciones.",
  },
  link_done: {
    en: "Thanks, that's confirmed: your earlier conversations are now linked to this chat.",
    de: "Danke, bestätigt: deine früheren Unterhaltungen sind jetzt mit diesem Chat verbunden.",
    fr: "Merci, c'est confirmé : vos conversations précédentes sont maintenant reliées à celle-ci.",
    es: "Gracias, confirmado: tus conversaciones anteriores ya están unidas a este chat.",
  },
  link_mismatch: {
    en: "That code doesn't match ({left} attempts left). Please check it and try again.",
    de: "Der Code stimmt nicht ({left} Versuche übrig). Bitte prüfe ihn und versuche es noch einmal.",
    fr: "Ce code ne correspond pas ({left} essais restants). Vérifiez-le et réessayez.",
    es: "Ese código no coincide (quedan {left} intentos). Revísalo e inténtalo de nuevo.",
  },
  link_expired: {
    en: "That code is no longer valid. Tell me the email address or phone number again and I'll send a new one.",
    de: "Der Code ist nicht mehr gültig. Nenne mir die E-Mail-Adresse oder Telefonnummer noch einmal, dann schicke ich einen neuen.",
    fr: "Ce code n'est plus valable. Donnez-moi à nouveau l'adresse e-mail ou le numéro de téléphone et je vous en enverrai un nouveau.",
    es: "Ese código ya no es válido. Dime de nuevo el correo o el teléfono y te enviaré uno nuevo.",
  },
  link_already: {
    en: "Good news: that account is already linked to this chat.",
    de: "Dieses Konto ist bereits mit diesem Chat verbunden.",
    fr: "Bonne nouvelle : ce compte est déjà relié à cette conversation.",
    es: "Buenas noticias: esa cuenta ya está unida a este chat.",
  },
  link_later: {
    en: "I've sent several codes already; please try again in an hour.",
    de: "Ich habe schon mehrere Codes geschickt; bitte versuche es in einer Stunde noch einmal.",
    fr: "J'ai déjà envoyé plusieurs codes ; réessayez dans une heure.",
    es: "Ya he enviado varios códigos; inténtalo de nuevo dentro de una hora.",
  },
} satisfies Record<string, Record<string, string>>;

/** "or" in a list of options, per language. */
export const OR: Record<string, string> = { en: "or", de: "oder", fr: "ou", es: "o", it: "o", nl: "of", pt: "ou" };
