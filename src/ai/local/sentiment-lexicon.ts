/**
 * Valence lexicon for the local sentiment score (signals.ts), English and
 * German, in folded form (lower case, no accents, ß → ss). Values on a
 * −3..+3 scale, in the spirit of VADER; only words that matter in support
 * conversations are listed.
 */
const entries = (s: string): [string, number][] =>
  s
    .trim()
    .split(/\s+/)
    .map((pair) => {
      const [word, value] = pair.split(":");
      return [word!, Number(value)];
    });

export const VALENCE: ReadonlyMap<string, number> = new Map([
  // English, negative
  ...entries(`bad:-1.5 poor:-1.5 worst:-3 terrible:-2.5 awful:-2.5 horrible:-2.5 disgusting:-2.5 dreadful:-2.5 pathetic:-2.5
    disappointed:-2 disappointing:-2 angry:-2.2 furious:-2.8 annoyed:-1.8 annoying:-1.8 frustrated:-2 frustrating:-2 upset:-1.8
    unacceptable:-2.5 ridiculous:-2 outrageous:-2.5 scam:-2.5 fraud:-2.5 lies:-2 lied:-2 liar:-2.5 joke:-1.2 rude:-2 hate:-2.7
    useless:-2 waste:-1.8 wasted:-1.8 slow:-1 broken:-1.5 damaged:-1.5 faulty:-1.5 wrong:-1.2 missing:-1 late:-1 delayed:-1
    problem:-0.8 issue:-0.5 unhappy:-2 sad:-1.5 worried:-1.2 shit:-2.5 shitty:-2.5 crap:-2 sucks:-2 damn:-1.5 fucking:-2.5
    fuck:-2.8 nightmare:-2.5 incompetent:-2.5 stupid:-2 mess:-1.5 fail:-1.5 failed:-1.5 failure:-1.8 cheated:-2.5`),
  // English, positive
  ...entries(`good:1.5 great:2.2 excellent:2.7 amazing:2.7 awesome:2.7 perfect:2.7 love:2.5 loved:2.5 thanks:1.5 thank:1.5
    happy:2 pleased:2 helpful:2 fantastic:2.7 wonderful:2.7 nice:1.5 quick:1 fast:1 appreciate:1.8 appreciated:1.8 glad:1.8
    satisfied:1.8 brilliant:2.5 best:2.2 super:2 fine:0.8 ok:0.5 okay:0.5 friendly:1.8 lovely:2.2 solved:1.5 works:0.8`),
  // German, negative
  ...entries(`schlecht:-1.5 schlechter:-1.8 schlechteste:-3 schlimm:-2 schrecklich:-2.5 furchtbar:-2.5 katastrophe:-2.8
    katastrophal:-2.8 enttauscht:-2 enttauschend:-2 argerlich:-1.8 wutend:-2.5 sauer:-1.8 unverschamt:-2.5 frechheit:-2.5
    lacherlich:-2 betrug:-2.5 kaputt:-1.5 beschadigt:-1.5 defekt:-1.5 falsch:-1.2 spat:-0.8 verspatet:-1 langsam:-1 mist:-2
    scheisse:-2.5 scheiss:-2.5 unzumutbar:-2.5 inakzeptabel:-2.5 nervig:-1.8 genervt:-1.8 problem:-0.8 arger:-1.5 traurig:-1.5
    nutzlos:-2 unfahig:-2.5 hasse:-2.7 abzocke:-2.5 verarscht:-2.5 zumutung:-2.5 fehlt:-1`),
  // German, positive
  ...entries(`gut:1.5 super:2 toll:2.2 prima:2 klasse:2 danke:1.5 dankeschon:1.8 perfekt:2.7 zufrieden:1.8 freundlich:1.8
    hilfreich:2 schnell:1 glucklich:2 liebe:2 wunderbar:2.7 hervorragend:2.7 spitze:2.5 genial:2.5 nett:1.5 geklappt:1.5`),
]);

/** Multiply the next sentiment word (within two tokens). */
export const INTENSIFIERS: ReadonlySet<string> = new Set(
  `very really so extremely totally absolutely completely utterly incredibly super seriously truly most sehr echt total
   wirklich extrem mega voll absolut komplett ziemlich vollig unglaublich`
    .split(/\s+/)
    .filter(Boolean),
);

/** Soften the next sentiment word. */
export const DAMPENERS: ReadonlySet<string> = new Set(`slightly somewhat bit little kinda kind_of etwas bisschen leicht kaum`.split(/\s+/).filter(Boolean));

/** Flip (and soften) a sentiment word within the next three tokens. */
export const NEGATORS = /^(?:not|no|never|nothing|nobody|none|neither|nor|cannot|\w+n't|nicht|kein\w*|nie|niemals|nichts)$/;
