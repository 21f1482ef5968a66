/** French signal patterns (folded text: no accents, so "é" is written "e"). */
import { near, rule, whole, type SignalRule } from "./kinds.js";

const ENFANT = String.raw`\b(?:enfants?|fils|fille|bebes?|bambin|petit(?:e)?s?|gamin(?:e)?s?|(?:\d+|deux|trois|quatre) ans)\b`;

export const FR_RULES: readonly SignalRule[] = [
  rule(
    "legal_threat",
    String.raw`\b(?:avocats?|juriste|poursuites? judiciaires|(?:vous|te|les) poursuivre|poursuivre en justice|tribunal|tribunaux|proces|action en justice|en justice|porter plainte|portera plainte|deposer (?:une )?plainte|plainte contre|mise en demeure|saisir (?:la justice|les tribunaux|le tribunal|un juge)|ufc|que choisir|dgccrf|association de consommateurs|mediateur)\b`,
  ),
  rule(
    "chargeback",
    String.raw`\b(?:retro-?facturation\w*|charge-?back|faire opposition|opposition (?:sur|a|au|de) (?:la |ma |mon |le )?(?:carte|paiement|prelevement|virement))\b`,
  ),
  rule(
    "chargeback",
    near(
      String.raw`\b(?:paiements?|prelevements?|debits?|achats?|transactions?|argent|montant)\b`,
      String.raw`\b(?:contester|conteste|contestation|annuler aupres|rembourser par|recuperer (?:par|via|avec|aupres))\b`,
      40,
    ),
  ),
  rule(
    "chargeback",
    near(
      String.raw`\b(?:banque|banquier|carte bancaire|carte de credit|emetteur|paypal)\b`,
      String.raw`\b(?:contest\w*|litige|opposition|reclamation|recuperer|annuler le paiement|bloquer le paiement)\b`,
      40,
    ),
  ),
  rule(
    "safety",
    String.raw`\b(?:suicid\w*|me (?:tuer|suicider|faire du mal|blesser)|mettre fin a (?:mes jours|ma vie)|en finir|envie de mourir|veux mourir|plus envie de vivre|automutil\w*|scarifi\w*)\b`,
  ),
  rule("safety", near(ENFANT, String.raw`\b(?:avale\w*|etouff\w*|s'etouff\w*|dans (?:sa|la) bouche|ingere)\b`, 60)),
  rule("safety", String.raw`\b(?:a avale|avale une? (?:piece|pile|aimant|bouton|morceau)|pile bouton)\b`),
  rule("safety", near(ENFANT, String.raw`\b(?:maltrait\w*|abus\w*|en danger|attouchement\w*)\b`, 30)),
  rule(
    "safety",
    String.raw`\b(?:bless(?:e|ee|es|ure|ures)|hopital|urgences|ambulance|samu|points de suture|saign\w*|electrocut\w*|decharge electrique|pris feu|prend feu|incendie|en feu|flammes|brul(?:e|ee|ure|ures)|explose\w*|explosion|fum(?:ee|e) (?:sort|sortait)|fondu|etouff\w*|reaction allergique|intoxi\w*|empoisonn\w*)\b`,
  ),
  rule("safety", String.raw`\b(?:dangereu\w*|toxique)\b(?![^.!?\n]*\?)`),
  rule(
    "security",
    String.raw`\b(?:pirate|piratee|piratage|hacke|hacker|(?:compte|mot de passe) (?:a ete |est )?compromis|usurpation|vol d'identite|hameconnage|phishing|non autorise\w*)\b`,
  ),
  rule(
    "security",
    String.raw`\bquelqu'un\b[^.!?]{0,40}\b(?:connecte|acced\w*|utilise|utilisait|commande|change)\b[^.!?]{0,25}\b(?:mon compte|mes comptes|ma carte|mon mot de passe|compte)\b|\b(?:commandes?|achats?|paiements?|prelevements?)\b[^.!?]{0,30}\bque je n'ai (?:pas|jamais) (?:passe|fait|effectue|autorise)\w*|\bje n'ai (?:jamais|pas) (?:commande|passe (?:cette|ces) commandes?)\b|\bje ne reconnais pas (?:cette|ces|cet|ce|les|la|le) (?:commande|achat|paiement|prelevement)s?\b|\bmot de passe\b[^.!?]{0,30}\bchange\b[^.!?]{0,30}\b(?:pas moi|sans moi)\b`,
  ),
  rule(
    "human_request",
    String.raw`\b(?:parler|discuter|echanger) (?:a|avec) (?:un|une|le|la|quelqu'un|une vraie|un vrai)? ?(?:vrai(?:e)? )?(?:humain|personne|conseill(?:er|ere)|agent|operat(?:eur|rice)|responsable|quelqu'un|employe)\b|\b(?:vraie personne|etre humain|un humain)\b|\bpas (?:un|a un|avec un) (?:robot|bot)\b`,
  ),
  rule("human_request", whole(String.raw`humain|conseiller|conseillere|agent|operateur|une personne|service client`)),
  rule(
    "abuse",
    String.raw`\b(?:connards?|connasse|cretins?|idiots?|imbeciles?|abrutis?|incompetents?|escrocs?|voleurs|encules?|va te faire|allez vous faire|ta gueule|fermez-la)\b|\bvous etes (?:des |vraiment |tellement )?(?:nuls|bons a rien|escrocs|voleurs)\b`,
  ),
];
