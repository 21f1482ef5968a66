/**
 * Built-in wording for looking things up (actions, docs/actions.md) in
 * English, German, French and Spanish; `ai.texts` overrides any of them.
 */
export const ACTION_TEXTS = {
  action_failed: {
    en: "I can't check that in our system right now.",
    de: "Ich kann das gerade nicht in unserem System nachsehen.",
    fr: "Je ne peux pas vérifier cela dans notre système pour le moment.",
    es: "Ahora mismo no puedo comprobarlo en nuestro sistema.",
  },
  verify_owner: {
    en: "To keep order details private, I first need to check that it's yours. {prompt}",
    de: "Damit Bestelldaten privat bleiben, muss ich erst prüfen, dass es deine ist. {prompt}",
    fr: "Pour protéger les données de commande, je dois d'abord vérifier qu'elle est bien à vous. {prompt}",
    es: "Para proteger los datos del pedido, primero tengo que comprobar que es tuyo. {prompt}",
  },
  owner_mismatch: {
    en: "That doesn't match the details we have for it, so I can't share them. {prompt}",
    de: "Das passt nicht zu den hinterlegten Angaben, deshalb kann ich keine Details nennen. {prompt}",
    fr: "Cela ne correspond pas aux informations enregistrées, je ne peux donc pas les communiquer. {prompt}",
    es: "No coincide con los datos que tenemos, así que no puedo compartirlos. {prompt}",
  },
  not_found: {
    en: "I couldn't find {value}. Could you check it and send it again?",
    de: "Ich konnte {value} nicht finden. Kannst du es prüfen und noch einmal schicken?",
    fr: "Je n'ai pas trouvé {value}. Pouvez-vous vérifier et le renvoyer ?",
    es: "No he encontrado {value}. ¿Puedes comprobarlo y enviarlo de nuevo?",
  },
  confirm_declined: {
    en: "Okay, I haven't changed anything.",
    de: "In Ordnung, ich habe nichts geändert.",
    fr: "D'accord, je n'ai rien modifié.",
    es: "De acuerdo, no he cambiado nada.",
  },
} as const;
