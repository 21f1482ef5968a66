/**
 * Reference material for the language detector (language.ts): for each
 * language a list of very frequent function words and a short sample text
 * from which character-trigram frequencies are computed at load time.
 *
 * The samples are written in the register the hub sees (customer-service
 * messages), in normalised form is not required: language.ts normalises them
 * exactly like the text it classifies. Adding a language = adding one entry.
 */
export interface LanguageProfileSource {
  /** Frequent function words (lower case, accents kept as typed by people; they are folded on load). */
  stopwords: string;
  /** A few hundred words of ordinary text in the language. */
  sample: string;
}

export const PROFILE_SOURCES: Readonly<Record<string, LanguageProfileSource>> = {
  en: {
    stopwords: `good tell want need like know get order help about some any all more much very one who which would thank thanks morning the and is are was were you your my me i it this that to of in on for with have has had not do does did can
      could would should will what where when why how there here they them we our from about please thanks hello hi just be been
      an a or but if at by yes no`,
    sample: `Hello, I ordered a pair of shoes last week and they still have not arrived. Could you please tell me where my order is?
      The tracking number does not work and nobody answers the phone. I would like to know when the package will be delivered,
      otherwise I want my money back. Thank you for your help. We have received your message and one of our team will get back to you
      as soon as possible. Refunds are paid within fourteen days after the return has been received. You can change the delivery
      address in your account until the order has been shipped. Which size do you need, and what is your email address? The weather
      is nice today and the children are playing in the garden while their parents are cooking dinner in the kitchen.
      My payment was declined twice, although my credit card works everywhere else. I forgot my password and the reset email never
      came, so I cannot log into my account. Could you recommend a good jacket for hiking in the rain? The zipper broke after one
      week, which is really disappointing for such an expensive product. Please cancel the order I placed this morning, I bought
      the wrong colour by mistake. Shipping was free, but the parcel was damaged and the box was completely crushed.`,
  },
  de: {
    stopwords: `gut sagen will möchte mochte brauche weiß bekommen bestellung hilfe über uber etwas viel sehr wer welche würde wurde guten morgen tag abend danke der die das und ist sind war ich du sie er es wir ihr mein meine meinen mir mich nicht kein keine ein eine einen
      mit von zu auf für fur bei noch schon auch aber oder wenn wie was wo warum bitte danke hallo habe hat haben wurde wird
      werden kann können konnen ist sehr den dem des im zum zur nach`,
    sample: `Hallo, ich habe letzte Woche ein Paar Schuhe bestellt und sie sind immer noch nicht angekommen. Können Sie mir bitte
      sagen, wo meine Bestellung ist? Die Sendungsnummer funktioniert nicht und niemand geht ans Telefon. Ich möchte wissen, wann
      das Paket geliefert wird, sonst will ich mein Geld zurück. Vielen Dank für Ihre Hilfe. Wir haben Ihre Nachricht erhalten und
      jemand aus unserem Team meldet sich so schnell wie möglich bei Ihnen. Rückerstattungen werden innerhalb von vierzehn Tagen
      nach Eingang der Rücksendung ausgezahlt. Sie können die Lieferadresse in Ihrem Konto ändern, bis die Bestellung versandt
      wurde. Welche Größe brauchen Sie und wie lautet Ihre E-Mail-Adresse? Das Wetter ist heute schön und die Kinder spielen im
      Garten, während ihre Eltern in der Küche das Abendessen kochen.`,
  },
  fr: {
    stopwords: `bon bien dire veux voudrais besoin sais avoir commande aide sur quelque beaucoup très tres qui quel quelle merci beaucoup salut le la les de des du un une et est sont je tu il elle nous vous ils mon ma mes ne pas que qui quoi où ou pour avec
      dans sur par ce cette mais bonjour merci oui non votre vos notre au aux ai avez suis`,
    sample: `Bonjour, j'ai commandé une paire de chaussures la semaine dernière et elles ne sont toujours pas arrivées. Pourriez-vous
      me dire où se trouve ma commande ? Le numéro de suivi ne fonctionne pas et personne ne répond au téléphone. Je voudrais savoir
      quand le colis sera livré, sinon je veux être remboursé. Merci pour votre aide. Nous avons bien reçu votre message et un membre
      de notre équipe vous répondra dès que possible. Les remboursements sont effectués dans les quatorze jours suivant la réception
      du retour. Vous pouvez modifier l'adresse de livraison dans votre compte jusqu'à l'expédition de la commande. Quelle taille
      vous faut-il et quelle est votre adresse e-mail ? Il fait beau aujourd'hui et les enfants jouent dans le jardin pendant que
      leurs parents préparent le dîner dans la cuisine.`,
  },
  es: {
    stopwords: `bueno bien decir necesito saber tener pedido ayuda sobre algo mucho quién quien cuál cual buenos buenas días dias el la los las de del un una y es son está estan yo tu usted mi mis no que qué por para con en pero hola gracias sí si
      su sus nuestro como cuando donde dónde muy ya hay tengo quiero puede al lo`,
    sample: `Hola, la semana pasada pedí un par de zapatos y todavía no han llegado. ¿Podría decirme dónde está mi pedido? El número
      de seguimiento no funciona y nadie contesta el teléfono. Quisiera saber cuándo se entregará el paquete, si no quiero que me
      devuelvan el dinero. Muchas gracias por su ayuda. Hemos recibido su mensaje y alguien de nuestro equipo se pondrá en contacto
      con usted lo antes posible. Los reembolsos se pagan dentro de los catorce días siguientes a la recepción de la devolución.
      Puede cambiar la dirección de entrega en su cuenta hasta que el pedido haya sido enviado. ¿Qué talla necesita y cuál es su
      correo electrónico? Hoy hace buen tiempo y los niños juegan en el jardín mientras sus padres preparan la cena en la cocina.`,
  },
  it: {
    stopwords: `buono bene dire voglio bisogno sapere avere ordine aiuto qualcosa molto chi quale grazie mille buongiorno buonasera il lo la i gli le di del della un una e è sono io tu lei mio mia miei non che per con in su ma ciao grazie sì
      suo sua nostro come quando dove perché molto ho hai ha vorrei può al alla`,
    sample: `Buongiorno, la settimana scorsa ho ordinato un paio di scarpe e non sono ancora arrivate. Potreste dirmi dove si trova
      il mio ordine? Il numero di tracciamento non funziona e nessuno risponde al telefono. Vorrei sapere quando verrà consegnato il
      pacco, altrimenti voglio essere rimborsato. Grazie per il vostro aiuto. Abbiamo ricevuto il suo messaggio e qualcuno del nostro
      team la contatterà il prima possibile. I rimborsi vengono pagati entro quattordici giorni dal ricevimento del reso. Può
      modificare l'indirizzo di consegna nel suo account finché l'ordine non è stato spedito. Quale taglia le serve e qual è il suo
      indirizzo email? Oggi il tempo è bello e i bambini giocano in giardino mentre i genitori preparano la cena in cucina.`,
  },
  nl: {
    stopwords: `goed zeggen wil nodig weten krijgen bestelling hulp over iets veel heel wie welke zou goedemorgen goedemiddag goede dag de het een en is zijn was ik jij je u hij zij wij mijn niet geen van met op voor bij naar maar ook wat waar wanneer
      waarom hoe hallo dank bedankt ja nee heb heeft hebben kan kunt wil er dat dit die`,
    sample: `Hallo, ik heb vorige week een paar schoenen besteld en ze zijn nog steeds niet aangekomen. Kunt u mij alstublieft vertellen
      waar mijn bestelling is? Het trackingnummer werkt niet en niemand neemt de telefoon op. Ik wil graag weten wanneer het pakket
      wordt bezorgd, anders wil ik mijn geld terug. Bedankt voor uw hulp. Wij hebben uw bericht ontvangen en iemand van ons team neemt
      zo snel mogelijk contact met u op. Terugbetalingen worden binnen veertien dagen na ontvangst van de retourzending uitbetaald. U
      kunt het bezorgadres in uw account wijzigen totdat de bestelling is verzonden. Welke maat heeft u nodig en wat is uw
      e-mailadres? Het weer is vandaag mooi en de kinderen spelen in de tuin terwijl hun ouders in de keuken het avondeten koken.`,
  },
  pt: {
    stopwords: `bom bem dizer queria preciso saber ter pedido encomenda ajuda sobre algo muito quem qual bom dia boa tarde o a os as de do da dos das um uma e é são eu tu você voce meu minha não nao que por para com em mas olá ola obrigado
      obrigada sim seu sua nosso como quando onde muito já tenho quero pode ao no na`,
    sample: `Olá, na semana passada encomendei um par de sapatos e ainda não chegaram. Poderia dizer-me onde está a minha encomenda?
      O número de rastreamento não funciona e ninguém atende o telefone. Gostaria de saber quando o pacote será entregue, senão quero
      o meu dinheiro de volta. Muito obrigado pela sua ajuda. Recebemos a sua mensagem e alguém da nossa equipa entrará em contacto
      consigo o mais rapidamente possível. Os reembolsos são pagos no prazo de catorze dias após a receção da devolução. Pode alterar
      o endereço de entrega na sua conta até que a encomenda seja enviada. Qual é o tamanho que precisa e qual é o seu endereço de
      email? Hoje o tempo está bom e as crianças brincam no jardim enquanto os pais preparam o jantar na cozinha.`,
  },
};
