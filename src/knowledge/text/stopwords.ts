/**
 * Function words dropped from the index and from queries: they occur in
 * almost every passage, so they only add noise to BM25 and size to postings.
 * Lists are written in normalised form (lower case, no accents, ß → ss).
 * Negations ("not", "nicht", "no") are kept on purpose: "not delivered"
 * and "delivered" are different questions.
 */
const EN = `a about above after again all am an and any are as at be because been before being below between both but by can could
did do does doing down during each few for from further had has have having he her here hers herself him himself his how i if in
into is it its itself just me more most my myself of off on once only or other our ours ourselves out over own same she should so
some such than that the their theirs them themselves then there these they this those through to too under until up very was we
were what when where which while who whom why will with would you your yours yourself yourselves s t d ll m re ve`;

const DE = `aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes auch auf aus bei bin bis
bist da damit dann das dass dasselbe dazu dein deine deinem deinen deiner dem den denn der derer des desselben dessen dich die dies
diese dieselbe dieselben diesem diesen dieser dieses dir doch dort du durch ein eine einem einen einer eines einig einige er es
etwas euch euer eure fur hab habe haben hat hatte hatten hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres im in
indem ins ist jede jedem jeden jeder jedes jene jenem jenen jener jenes jetzt man manche mein meine meinem meinen meiner meines mich
mir mit muss musste nach nun nur ob oder ohne sehr sein seine seinem seinen seiner seines selbst sich sie sind so solche soll sollte
sondern sonst uber um und uns unser unsere unter vom von vor war waren warst was weil welche welchem welchen welcher welches wenn
werde werden wie wieder will wir wird wirst wo wollen wollte wurde wurden zu zum zur zwar zwischen`;

const FR = `a au aux avec ce ces dans de des du elle en et eux il je la le les leur lui ma mais me meme mes moi mon nos notre nous on ou
par pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous c d j l m n s t y est sont ete etre avoir`;

const ES = `a al algo como con de del el ella ellas ellos en entre era es esa ese eso esta este esto estos fue ha hay la las le les lo los
me mi mis mas muy nos o os para pero por que se si sin sobre su sus te tu tus un una uno unos y ya yo`;

const parse = (s: string): ReadonlySet<string> => new Set(s.split(/\s+/).filter(Boolean));

export const STOPWORDS: Readonly<Record<string, ReadonlySet<string>>> = { en: parse(EN), de: parse(DE), fr: parse(FR), es: parse(ES) };
