/**
 * Sentiment lexicons for shop reviews and feedback, written for Waymark (AFINN-style
 * integer valences from -3 to +3). Words are in normalized form (lower case, Latin accents
 * stripped: "déçu" → "decu", "enttäuscht" → "enttauscht"), and match a token exactly or
 * by its Snowball stem, so "loved" and "loving" hit "love". Pure data.
 *
 * No AFINN/VADER package is installed in this project (package.json, node_modules), so
 * the lists are compact and aimed at shopping: product, delivery, fit, service and site.
 * Full for en, es, de, fr; a handful of words for ru, ar and he (emoji work in any language).
 */
import type { Language } from './stem';

type Lexicon = Record<string, number>;

const en: Lexicon = {
  love: 3, lovely: 3, great: 3, excellent: 3, amazing: 3, awesome: 3, perfect: 3, perfectly: 3, fantastic: 3,
  wonderful: 3, best: 3, beautiful: 3, gorgeous: 3, superb: 3, flawless: 3, outstanding: 3, brilliant: 3,
  good: 2, nice: 2, happy: 2, glad: 2, comfortable: 2, comfy: 2, recommend: 2, pleased: 2, satisfied: 2,
  sturdy: 2, durable: 2, worth: 2, favorite: 2, impressed: 2, helpful: 2, friendly: 2, cute: 2, reliable: 2,
  stylish: 2, elegant: 2, affordable: 2, bargain: 2, exceeded: 2, like: 1, liked: 2, enjoy: 2, pretty: 2,
  fast: 1, quick: 1, quickly: 1, soft: 1, solid: 1, fine: 0.5, ok: 0.5, okay: 0.5, decent: 0.5, easy: 1, thanks: 1,
  thank: 1, warm: 1, smooth: 1, accurate: 1, promptly: 2, well: 1, works: 1, fits: 1,
  bad: -2, terrible: -3, awful: -3, horrible: -3, worst: -3, poor: -2, poorly: -2, disappointed: -2,
  disappointing: -2, disappointment: -2, broke: -2, broken: -2, damaged: -2, defective: -3, useless: -3,
  waste: -2, hate: -3, returned: -1, returning: -1, refund: -1, late: -2, delayed: -2, slow: -1, missing: -2,
  wrong: -2, ugly: -2, flimsy: -2, uncomfortable: -2, itchy: -2, scratchy: -2, smells: -1, cheaply: -2,
  cheap: -1, fake: -2, faded: -2, ripped: -2, torn: -2, tore: -2, problem: -1, issue: -1, annoying: -2,
  frustrating: -2, confusing: -2, confused: -1, expensive: -1, overpriced: -2, rude: -2, unhelpful: -2, scam: -3,
  avoid: -2, regret: -2, mediocre: -1, meh: -1, shrunk: -2, shrank: -2, pilling: -2, unfortunately: -1,
  sadly: -1, failed: -2, fail: -2, error: -2, crashed: -2, lost: -2, stuck: -1, difficult: -1,
  complicated: -1, hard: -1, unusable: -3, garbage: -3, junk: -3, falling: -1, apart: -1, ridiculous: -2,
  worse: -2, nothing: -1, weeks: -1, forever: -1, true: 1, waterproof: 1, dull: -1, soaked: -1, exactly: 2, better: 2, earlier: 2, early: 1, fan: 2,
  snapped: -2, scuffed: -2, wet: -1, fuzz: -1, resolved: 2, fixed: 1, definitely: 1, sorted: 2, cannot: -1, couldn: -1, impossible: -2, annoyed: -2, angry: -3, upset: -2,
};

const es: Lexicon = {
  excelente: 3, genial: 3, perfecto: 3, encanta: 3, encantado: 3, encantada: 3, maravilloso: 3, increible: 3,
  precioso: 3, fantastico: 3, estupendo: 3, bueno: 2, buena: 2, buenisimo: 3, bonito: 2, bonita: 2,
  comodo: 2, recomiendo: 2, recomendable: 2, feliz: 2, contento: 2, contenta: 2, satisfecho: 2, satisfecha: 2,
  mejor: 2, agradable: 2, util: 2, bien: 1, rapido: 1, rapida: 1, rapidamente: 1, barato: 1, suave: 1, facil: 1,
  gracias: 1, gusta: 2, gusto: 1, correcto: 0.5, perfectamente: 3, resistente: 2,
  malo: -2, mala: -2, mal: -2, terrible: -3, horrible: -3, pesimo: -3, pesima: -3, peor: -3, decepcion: -2,
  decepcionado: -2, decepcionada: -2, decepcionante: -2, roto: -2, rota: -2, rompio: -2, defectuoso: -3,
  tarde: -1, retraso: -2, lento: -1, caro: -1, cara: -1, carisimo: -2, feo: -2, fea: -2, incomodo: -2,
  problema: -1, devolver: -1, devolucion: -1, estafa: -3, basura: -3, fatal: -3, desastre: -3,
  lamentablemente: -1, desgraciadamente: -1, falla: -2, fallo: -2, error: -2, perdido: -2, danado: -2,
  nadie: -1, imposible: -2, encogio: -2, destenido: -2, enfadado: -2, molesto: -2, dificil: -1, semanas: -1, rapidisimo: 2, impermeable: 1, volveria: 2, repetire: 2, exactamente: 2,
};

const de: Lexicon = {
  super: 2, toll: 3, klasse: 3, prima: 2, gut: 2, perfekt: 3, ausgezeichnet: 3, hervorragend: 3, wunderbar: 3,
  wunderschon: 3, schon: 1, bequem: 2, schnell: 1, empfehlen: 2, empfehlenswert: 2, zufrieden: 2, liebe: 2,
  lieben: 3, begeistert: 3, gunstig: 1, hochwertig: 2, stabil: 1, angenehm: 2, weich: 1, freundlich: 2,
  danke: 1, top: 2, einwandfrei: 3, spitze: 3, gefallt: 2, hubsch: 2, robust: 2, passt: 1,
  schlecht: -2, schrecklich: -3, furchtbar: -3, enttauscht: -2, enttauschend: -2, enttauschung: -2, kaputt: -2,
  defekt: -3, beschadigt: -2, mangelhaft: -2, billig: -1, teuer: -1, uberteuert: -2, langsam: -1, spat: -1,
  verspatet: -2, hasslich: -2, unbequem: -2, problem: -1, fehler: -2, leider: -1, schade: -1,
  zuruckgeschickt: -1, katastrophe: -3, mist: -2, schlimm: -2, dunn: -1, verloren: -2, unmoglich: -2,
  argerlich: -2, nervig: -2, umstandlich: -2, kompliziert: -1, gerissen: -2, eingelaufen: -2, verwirrend: -2, wochen: -1, angegossen: 2, bestens: 3, ubersichtlich: 2, wasserdicht: 1, genau: 1, besser: 2,
};

const fr: Lexicon = {
  excellent: 3, parfait: 3, parfaite: 3, genial: 3, magnifique: 3, superbe: 3, adore: 3, ravi: 3, ravie: 3,
  super: 2, bon: 2, bonne: 2, aime: 2, confortable: 2, recommande: 2, satisfait: 2, satisfaite: 2,
  content: 2, contente: 2, beau: 2, belle: 2, joli: 2, jolie: 2, agreable: 2, top: 2, solide: 1, bien: 1,
  rapide: 1, rapidement: 1, doux: 1, merci: 1, pratique: 1, impeccable: 3, parfaitement: 3, facile: 1,
  mauvais: -2, mauvaise: -2, nul: -3, nulle: -3, horrible: -3, terrible: -2, decu: -2, decue: -2,
  decevant: -2, deception: -2, casse: -2, cassee: -2, abime: -2, defectueux: -3, retard: -2, lent: -1,
  cher: -1, chere: -1, moche: -2, inconfortable: -2, probleme: -1, erreur: -2, dommage: -1,
  malheureusement: -1, arnaque: -3, rembourse: -1, remboursement: -1, renvoye: -1, pire: -3, dechire: -2,
  adorent: 3, adorer: 3, fragile: -1, perdu: -2, impossible: -2, complique: -1, difficile: -1, enerve: -2, rien: -1, rate: -2, semaines: -1, eviter: -2, exactement: 2, racheterai: 2, racheter: 2, mieux: 2, tot: 1,
};

const ru: Lexicon = {
  отлично: 3, отличный: 3, хорошо: 2, хороший: 2, супер: 2, спасибо: 1, нравится: 2, удобно: 2,
  плохо: -2, плохой: -2, ужасно: -3, ужасный: -3, дорого: -1, долго: -1, брак: -3, разочарован: -2,
};
const ar: Lexicon = {
  ممتاز: 3, رائع: 3, جميل: 2, جيد: 2, أحب: 2, شكرا: 1, سريع: 1,
  سيء: -2, سيئ: -2, رديء: -2, غالي: -1, متأخر: -2, مكسور: -2, مشكلة: -1, بطيء: -2, بطيئ: -2, صغير: 0,
};
const he: Lexicon = { מעולה: 3, מצוין: 3, יפה: 2, טוב: 2, תודה: 1, גרוע: -2, גרועה: -2, רע: -2, יקר: -1, איטי: -1, שבור: -2 };

export const SENTIMENT_LEXICONS: Partial<Record<Language, Lexicon>> = { en, es, de, fr, ru, ar, he };

/** Words that flip the sentiment of the next few words ("not good", "nicht gut", "no me gusta"). */
export const NEGATORS: Partial<Record<Language, ReadonlySet<string>>> = {
  en: new Set(['not', 'no', 'never', "don't", 'dont', "doesn't", 'doesnt', "didn't", 'didnt', "isn't", 'isnt', "wasn't",
    'wasnt', "aren't", "weren't", "won't", 'wont', "can't", 'cant', "couldn't", "wouldn't", "shouldn't", "haven't", "hasn't",
    "hadn't", 'without', 'hardly', 'barely', 'nor', 'neither']),
  es: new Set(['no', 'nunca', 'ni', 'sin', 'tampoco', 'jamas']),
  de: new Set(['nicht', 'kein', 'keine', 'keinen', 'keiner', 'nie', 'niemals', 'ohne', 'nichts']),
  fr: new Set(['ne', 'pas', 'jamais', 'sans', 'aucun', 'aucune', 'ni']),
  ru: new Set(['не', 'нет', 'без']),
  ar: new Set(['لا', 'ليس', 'لم', 'غير']),
  he: new Set(['לא', 'אין']),
};

/**
 * Verbs of things that should just work: neutral alone, negative when negated ("doesn't
 * work", "no funciona", "findet nichts", "ne marche pas", "can't find the size chart").
 */
export const FUNCTION_VERBS: Partial<Record<Language, Record<string, true>>> = Object.fromEntries(
  Object.entries({
    en: 'work works working worked find found load loads loading apply applied pay open',
    es: 'funciona funcionan funciono encuentro encuentra encontrar puedo pagar carga abre',
    de: 'funktioniert funktionieren finde findet finden kann laden ladt bezahlen geht klappt',
    fr: 'marche fonctionne trouve trouver peux payer charge',
  }).map(([lang, list]) => [lang, Object.fromEntries(list.split(' ').map((w) => [w, true as const]))]),
);

/** Two-word phrases whose sense is not their words' ("like new", "wieder kaufen"): the value replaces both. */
export const BIGRAMS: Partial<Record<Language, ReadonlyMap<string, number>>> = {
  en: new Map([['like new', 2], ['buy again', 2], ['order again', 2], ['purchase again', 2], ['expected more', -2], ['fell apart', -2], ['sorted out', 2], ['spot on', 2]]),
  es: new Map([['como nuevo', 2], ['como nueva', 2], ['lo que buscaba', 2], ['que buscaba', 2]]),
  de: new Map([['wie neu', 2], ['wieder kaufen', 2], ['wieder bestellen', 2], ['gerne wieder', 2]]),
  fr: new Map([['comme neuf', 2], ['comme neuve', 2]]),
};

/** Words that make a negation tentative rather than a complaint ("not tried yet", "pas encore", "noch nicht"). */
export const HEDGES: ReadonlySet<string> = new Set(['yet', 'sure', 'encore', 'noch', 'todavia', 'aun', 'sicher', 'seguro', 'sur', 'если', 'ещё', 'еще']);

/** Auxiliaries and pronouns that carry no content of their own (the stopword lists hold articles and prepositions). */
export const AUXILIARIES: ReadonlySet<string> = new Set([
  'i', 'it', 'is', 'was', 'be', 'been', 'are', 'were', 'have', 'has', 'had', 'do', 'does', 'did', 'this', 'that', 'me', 'my', 'you', 'so', 'very', 'all', 'at',
  'es', 'fue', 'me', 'lo', 'la', 'le', 'se', 'muy', 'ha', 'he', 'ist', 'war', 'hat', 'ich', 'es', 'mir', 'sehr', 'sind', 'est', 'etait', 'je', 'il', 'elle', 'ai', 'tres', 'pas', 'du', 'tout', 'plus',
]);

/** Words that strengthen (> 1) or soften (< 1) the next sentiment word. */
export const INTENSIFIERS: Partial<Record<Language, ReadonlyMap<string, number>>> = {
  en: new Map([['very', 1.5], ['really', 1.5], ['so', 1.4], ['extremely', 1.8], ['super', 1.5], ['absolutely', 1.6],
    ['totally', 1.5], ['incredibly', 1.7], ['quite', 1.2], ['slightly', 0.6], ['somewhat', 0.6], ['bit', 0.6], ['little', 0.7]]),
  es: new Map([['muy', 1.5], ['super', 1.5], ['tan', 1.4], ['realmente', 1.5], ['bastante', 1.2], ['poco', 0.6], ['algo', 0.7]]),
  de: new Map([['sehr', 1.5], ['total', 1.5], ['echt', 1.4], ['wirklich', 1.5], ['richtig', 1.4], ['absolut', 1.6],
    ['ziemlich', 1.2], ['etwas', 0.6], ['bisschen', 0.6]]),
  fr: new Map([['tres', 1.5], ['vraiment', 1.5], ['tellement', 1.5], ['super', 1.5], ['assez', 1.2], ['peu', 0.6]]),
};

/** "too": turns a neutral word negative ("too small", "zu eng", "trop cher") and amplifies others. */
export const EXCESS: Partial<Record<Language, ReadonlySet<string>>> = {
  en: new Set(['too', 'runs']),
  es: new Set(['demasiado', 'demasiada']),
  de: new Set(['zu', 'viel']),
  fr: new Set(['trop']),
};

/** Contrast words: what follows counts more ("nice color but it broke"). */
export const CONTRAST: ReadonlySet<string> = new Set(['but', 'however', 'although', 'pero', 'aunque', 'sino', 'aber', 'jedoch', 'doch', 'mais', 'pourtant', 'cependant', 'но', 'لكن', 'אבל']);

/** Emoji and emoticons with a valence (the tokenizer drops them, so they are read from the raw text). */
export const EMOJI_VALENCE: ReadonlyMap<string, number> = new Map([
  ['😍', 3], ['🥰', 3], ['❤', 3], ['💖', 3], ['💕', 3], ['😊', 2], ['🙂', 1], ['😀', 2], ['😃', 2], ['😄', 2], ['😁', 2],
  ['👍', 2], ['👌', 2], ['💯', 2], ['🎉', 2], ['🌟', 2], ['⭐', 1], ['🔥', 1], ['🙏', 1], ['😎', 2],
  ['😡', -3], ['🤬', -3], ['😠', -2], ['👎', -2], ['😞', -2], ['😢', -2], ['😭', -2], ['💩', -3], ['🙁', -1],
  ['😕', -1], ['😒', -2], ['🤮', -3], ['😤', -2], ['😩', -2], ['☹', -2], ['🤢', -2], ['😫', -2], ['💔', -2],
  [':)', 2], [':-)', 2], [':D', 2], [':(', -2], [':-(', -2],
]);
