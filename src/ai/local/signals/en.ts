/** English signal patterns (folded text: lower case, no accents). */
import { near, rule, whole, type SignalRule } from "./kinds.js";

const CHILD = String.raw`\b(?:child|children|kid|kids|son|daughter|toddler|baby|babies|infant|boy|girl|little one|(?:\d+|two|three|four|five)[- ]?(?:year|yr)[- ]?old)\b`;
const MONEY = String.raw`\b(?:payments?|charges?|transactions?|money|purchases?|debit|direct debit|funds)\b`;
const ISSUER = String.raw`\b(?:bank|card issuer|issuer|credit card(?: company| provider)?|card company|card provider|visa|mastercard|amex|american express|paypal|klarna)\b`;

export const EN_RULES: readonly SignalRule[] = [
  // ---------------------------------------------------------------- legal
  rule("legal_threat", String.raw`\b(?:my |a |our )?(?:lawyers?|attorneys?|solicitors?|lawy?ers?|laywers?|lawer|legal (?:team|counsel|department|advice))\b`),
  rule("legal_threat", String.raw`\b(?:sue|suing|sued|sueing)\b`),
  rule(
    "legal_threat",
    String.raw`\b(?:in|to|into|before) court\b|\b(?:legal action|legal steps|legal proceedings|legal route|lawsuit|law suit|class action|court case|small claims(?: court)?|litigation)\b`,
  ),
  rule(
    "legal_threat",
    String.raw`\b(?:take|taking|see|bring|drag) (?:you|this|it|them|your company|the matter)(?: guys)? (?:to|in|into|before) (?:a )?court\b`,
  ),
  rule(
    "legal_threat",
    String.raw`\b(?:trading standards|consumer (?:protection|rights)(?: agency| office| authority| group)?|ombudsman|better business bureau|bbb|ftc|attorney general|report (?:you|this|your company) to the (?:police|authorities))\b`,
  ),
  // ----------------------------------------------------------- chargeback
  rule("chargeback", String.raw`\bcharge[- ]?backs?\b|\bcharg(?:e|ing) (?:it|this|that|the (?:money|payment)) back\b`),
  rule("chargeback", near(String.raw`\b(?:revers(?:e|ed|es|ing|al)|dispute[sd]?|disputing|contest(?:ed|ing)?|claw(?:ing)? back)\b`, MONEY, 30)),
  rule(
    "chargeback",
    near(
      String.raw`\b(?:revers(?:e|ed|es|ing|al)|dispute[sd]?|disputing|contest(?:ed|ing)?|claim|claw(?:ing)? back|pull(?:ing)? (?:the|my|back)|refund me|take (?:it|the money) back)\b`,
      ISSUER,
      40,
    ),
  ),
  rule(
    "chargeback",
    String.raw`\b(?:money|it|this|that|the payment) back (?:through|via|with|from) (?:my|the) (?:bank|card issuer|credit card(?: company)?|card company|paypal)\b|\b(?:stop|block|cancel) (?:the|this|that|my) (?:payment|charge|transaction) (?:with|through|via|at) (?:my|the) (?:bank|card)`,
  ),
  rule(
    "chargeback",
    String.raw`\b(?:call|calling|contact|contacting|ask|asking|tell|telling|go(?:ing)? to|report(?:ing)? (?:it|this) to) (?:my|the) (?:bank|card issuer|credit card company|card company)\b`,
  ),
  rule("chargeback", String.raw`\b(?:paypal|buyer protection) (?:claim|dispute|case)\b|\bbuyer protection\b`),
  // --------------------------------------------------------------- safety
  rule(
    "safety",
    String.raw`\b(?:suicid\w*|self[- ]?harm\w*|kill(?:ing)? my ?self|end(?:ing)? (?:it all|my life)|take my (?:own )?life|hurt(?:ing)? my ?self|harm(?:ing)? my ?self|cut(?:ting)? my ?self|want(?:ed)? to die|(?:had|have) enough of (?:life|living)|tired of (?:life|living|being alive)|can't go on (?:like this|any ?more)|wanna die|better off dead|no (?:reason|point) (?:to|in) (?:live|living|go(?:ing)? on)|(?:don't|do not|dont) want to (?:live|be alive|be here) any ?more|overdos\w*)\b`,
  ),
  rule(
    "safety",
    near(
      CHILD,
      String.raw`\b(?:swallow(?:ed|ing)|chok(?:ed|ing)|ingest(?:ed|ing)|put (?:it|one|a piece|a part) in (?:his|her|their) mouth|ate (?:a|one|some|the) (?:piece|part|battery|magnet|button))\b`,
      60,
    ),
  ),
  rule("safety", String.raw`\b(?:swallowed|has swallowed|ingested|button batter(?:y|ies)|small parts? (?:came|come|fell|falls) off)\b`),
  rule("safety", near(CHILD, String.raw`\b(?:abus\w*|molest\w*|groom\w*|predator|in danger|neglect\w*)\b`, 30)),
  rule(
    "safety",
    String.raw`\b(?:injur(?:y|ies|ed)|hospital\w*|emergency room|a ?& ?e|urgent care|(?:went|go|had to go) to (?:the )?(?:doctor|gp|er)\b|\ber\b visit|ambulance|stitches|bleeding|concussion|broke (?:my|his|her) (?:arm|leg|wrist|ankle|finger|nose)|electric(?:al)? shock|electrocuted|got (?:hurt|injured|burned|burnt|cut)|was (?:hurt|injured)|(?:he|she|they|i) (?:got|was|were) hurt)\b`,
  ),
  rule(
    "safety",
    String.raw`\b(?:caught fire|catch(?:es)? fire|(?:is|was|went|were|set|been) on fire|fire hazard|burst into flames|flames|burn(?:ed|t|s)? (?:me|my|him|her|his|the (?:kid|child|baby))|explod(?:e|ed|es|ing)|exploded|sparks?(?:ing|ed)?|smok(?:e|ing) (?:came|coming|out)|started smoking|melted)\b`,
  ),
  rule(
    "safety",
    near(
      String.raw`\b(?:batter(?:y|ies)|charger|power ?bank|heater|lamp|cable|plug)\b`,
      String.raw`\b(?:overheat\w*|got (?:really |very )?hot|smok\w*|spark\w*)\b`,
      30,
    ),
  ),
  rule("safety", String.raw`\b(?:chok(?:e|ed|ing)|allergic reaction|anaphyla\w*|poison(?:ed|ing|ous)?|carbon monoxide|gas leak)\b`),
  // A question about a product ("is it toxic?") is pre-sales, not an incident.
  rule("safety", String.raw`\b(?:toxic|unsafe|(?:dangerous|hazardous)(?! (?:goods|materials?|items)))\b(?![^.!?\n]*\?)`),
  // ------------------------------------------------------------- security
  rule(
    "security",
    String.raw`\b(?:hack(?:ed|er|ers|ing)?|hackd|compromised|account takeover|taken over my account|identity theft|stolen (?:account|identity|card details)|phishing|scam (?:e-?mail|sms|text|call))\b`,
  ),
  rule(
    "security",
    String.raw`\b(?:some ?(?:one|body)|a stranger|stranger|an unknown person|someone else)\b[^.!?]{0,30}\b(?:log(?:ged)? ?in(?:to)?|sign(?:ed)? ?in(?:to)?|got in(?:to)?|broke in(?:to)?|accessed|access to|us(?:ed|ing)|changed|ordering|ordered|placed orders?)\b[^.!?]{0,25}\b(?:my (?:account|profile|password|e-?mail|card|login)|account)\b`,
  ),
  rule(
    "security",
    String.raw`\b(?:account|profile|login)\b[^.!?]{0,20}\b(?:taken over|got taken|hijacked)\b|\b(?:something|anything|stuff|things|items?) (?:i|we) never (?:bought|ordered|purchased)\b|\bunauthori[sz]ed\b|\bnot authori[sz]ed by me\b`,
  ),
  rule(
    "security",
    String.raw`\borders?\b[^.!?]{0,30}\b(?:i|we)\b (?:did ?n[o']?t|didnt|never|have ?n[o']?t|havent) (?:place|placed|make|made|authori[sz]ed?)\b`,
  ),
  rule(
    "security",
    String.raw`\b(?:purchases?|payments?|charges?|transactions?)\b[^.!?]{0,30}\b(?:i|we)\b (?:did ?n[o']?t|didnt|never|have ?n[o']?t|havent) (?:place|placed|make|made|order(?:ed)?|authori[sz]ed?|buy|bought|do|did)\b`,
  ),
  rule(
    "security",
    String.raw`\b(?:i|we) (?:did ?n[o']?t|didnt|never) (?:place|make|authori[sz]e) (?:this|that|these|those|the|any)\b|\b(?:i|we) (?:never|did ?n[o']?t|didnt) (?:order(?:ed)?|buy|bought) (?:anything|any of (?:this|these|them))\b`,
  ),
  rule(
    "security",
    String.raw`\b(?:don't|do not|dont) recogni[sz]e (?:this|these|that|those|the|an?|any)? ?(?:orders?|purchases?|charges?|payments?|transactions?|log-?ins?|devices?)\b`,
  ),
  rule(
    "security",
    String.raw`\b(?:password|e-?mail|phone number|address)\b[^.!?]{0,30}\bchanged\b[^.!?]{0,30}\b(?:not (?:by )?me|wasn't me|was not me|without me|i didn't|i did not|without my)\b|\b(?:did ?n[o']?t|didnt|never) change my (?:password|e-?mail)\b|\blocked (?:me )?out of my (?:own )?account\b|\bmy password (?:was|has been|got) changed\b(?! successfully)|\bsuspicious (?:e-?mail|log-?in|link|sms|text|activity|orders?)\b`,
  ),
  // -------------------------------------------------------- human request
  rule(
    "human_request",
    String.raw`\b(?:talk|speak|chat|connect me|put me through|transfer me|pass me|get me through) (?:to|with) (?:a |an |the |some |your |one of your )?(?:real |actual |live |proper )?(?:human(?: being)?|person|people|agent|representative|rep|operator|manager|supervisor|someone|somebody|staff(?: member)?|employee|customer service|support team)\b`,
  ),
  rule(
    "human_request",
    String.raw`\b(?:real|actual|live) (?:person|human|agent|people)\b|\bhuman (?:agent|being|please)\b|\bnot (?:a |another |this )?(?:bot|robot|machine|ai)\b|\bno (?:more )?bots?\b|\bstop (?:the )?bot\b`,
  ),
  rule(
    "human_request",
    String.raw`\b(?:i want|i need|i'd like|get me|give me|can i (?:get|have)) (?:a |an |to )?(?:human|agent|person|representative|operator)\b`,
  ),
  rule(
    "human_request",
    whole(
      String.raw`agent|human|person|humans|operator|representative|rep|customer service|support|real person|live agent|live chat|someone|talk to (?:someone|somebody)`,
    ),
  ),
  // ----------------------------------------------------------------- abuse
  rule("abuse", String.raw`\b(?:idiots?|morons?|imbeciles?|assholes?|arseholes?|bastards?|clowns|incompetent|retards?|scum|dickheads?|wankers?)\b`),
  rule("abuse", String.raw`\b(?:f+u+c+k+|f\*+k?|screw) (?:you|off|u)\b|\bgo to hell\b|\bshut up\b`),
  rule(
    "abuse",
    String.raw`\b(?:you(?:'re| are)?|your (?:staff|team|support|company|service)(?: is| are)?) (?:so |such |fucking |bloody )?(?:stupid|dumb|useless|pathetic|worthless|liars?|thieves|crooks|scammers)\b`,
  ),
  rule("abuse", String.raw`\b(?:i(?:'ll| will| am going to|'m going to) (?:find|hurt|kill|get) you|watch your back|you(?:'ll| will) regret)\b`),
];
