/**
 * Aspect cue words per language, written for Waymark (normalized: lower case, Latin accents
 * stripped). Matched exactly or by Snowball stem (lexicon-lookup.ts). Pure data.
 *
 * The aspects, and why these:
 * - size_fit, price, shipping, quality: the four the product brief names; they are what
 *   apparel and outdoor reviews mostly talk about, and each points to a different fix
 *   (size chart, pricing, carrier, supplier).
 * - appearance (color, looks, "not as pictured"): the gap between photos and the product is
 *   a frequent reason for returns and is fixed on the product page, not by the supplier.
 * - service (support, returns, refunds): a store-level theme that should not be blamed on a product.
 * - website (search, cart, checkout, payment, discount codes): the Quick feedback block is
 *   answered on store pages and at the steps where shoppers leave, so answers are often about
 *   the site itself; that is what "feedback per step" needs to surface.
 */
import type { WordLists } from './lexicon-lookup';

export const ASPECTS = ['size_fit', 'price', 'shipping', 'quality', 'appearance', 'service', 'website'] as const;
export type Aspect = (typeof ASPECTS)[number];

/** Plain-words names for the admin page. */
export const ASPECT_NAMES: Record<Aspect, string> = {
  size_fit: 'size and fit',
  price: 'price',
  shipping: 'shipping',
  quality: 'quality',
  appearance: 'looks and color',
  service: 'customer service',
  website: 'the website and checkout',
};

const words: Record<string, Record<Aspect, string>> = {
  en: {
    size_fit: 'size sizes sizing fit fits fitted fitting small smaller large larger big bigger tight loose snug baggy narrow wide length waist sleeve sleeves chart runs medium',
    price: 'price prices priced pricey expensive cheap cheaper cost costs value money worth overpriced affordable bargain deal discount',
    shipping: 'shipping shipped ship delivery delivered deliver arrived arrive arrival package parcel courier tracking dispatch dispatched postage box',
    quality: 'quality material materials fabric stitching seams seam durable sturdy flimsy broke broken cheaply made build ripped torn tore defective faded pilling shrunk shrank wash washed washing lasted holes hole thin thick snapped scuffed',
    appearance: 'color colour colors colours look! looks! looked! picture pictures photo photos pictured style design ugly cute gorgeous stylish shade',
    service: 'service support seller staff return returns returned refund refunded exchange reply replied response responded email emails contacted agent',
    website: 'website site page checkout payment pay card coupon code search filter filters menu app cart login account loading button password',
  },
  es: {
    size_fit: 'talla tallas tallaje queda quedan pequeno pequena grande grandes ajustado ajustada holgado ancho estrecho estrecha largo largas corto mangas',
    price: 'precio precios caro cara barato barata dinero vale coste costo oferta descuento carisimo',
    shipping: 'envio entrega llego llegar paquete mensajero seguimiento tardo retraso',
    quality: 'calidad material tela costuras costura resistente roto rota rompio duradero defectuoso lavado lavar encogio destenido agujero',
    appearance: 'color colores aspecto foto fotos diseno bonito bonita feo fea estilo',
    service: 'servicio atencion vendedor devolucion devolver reembolso cambio respuesta respondieron soporte',
    website: 'web pagina pago pagar tarjeta cupon codigo buscador busqueda carrito cuenta contrasena',
  },
  de: {
    size_fit: 'grosse grossen passt passform passen klein kleiner gross grosser eng enger weit lang kurz schnitt sitzt armel grossentabelle',
    price: 'preis preise teuer billig gunstig geld wert preiswert rabatt angebot kosten uberteuert',
    shipping: 'versand lieferung geliefert paket kam angekommen zustellung lieferzeit verschickt versandkosten liefert liefern',
    quality: 'qualitat material stoff verarbeitung nahte naht kaputt defekt robust stabil hochwertig haltbar gerissen verarbeitet eingelaufen waschen wasche loch',
    appearance: 'farbe farben aussehen sieht bild bilder foto fotos design hubsch hasslich optik',
    service: 'service kundenservice kundendienst verkaufer ruckgabe umtausch erstattung antwort support zuruckgeschickt',
    website: 'webseite website seite kasse bezahlung zahlung bezahlen karte gutschein suche warenkorb konto checkout',
  },
  fr: {
    size_fit: 'taille tailles taillent coupe serre serree ample petit petite grand grande etroit court courte long longue longues manches',
    price: 'prix cher chere argent vaut cout promo reduction abordable',
    shipping: 'livraison livre livree colis expedition expedie arrive recu delai suivi retard livrez',
    quality: 'qualite matiere tissu coutures couture solide casse cassee defectueux resistant finition dechire lavage fragile trou',
    appearance: 'couleur couleurs photo photos look aspect design beau belle joli jolie moche style',
    service: 'service vendeur retour remboursement echange reponse sav rembourse',
    website: 'site page paiement payer carte panier code recherche compte',
  },
};

/** Arabic: a few cue words with and without the article ال (no stemmer for Arabic here). */
const arabic: Record<string, Aspect> = {
  المقاس: 'size_fit', مقاس: 'size_fit', السعر: 'price', سعر: 'price', الشحن: 'shipping', شحن: 'shipping', التوصيل: 'shipping',
  الجودة: 'quality', جودة: 'quality', اللون: 'appearance', لون: 'appearance', الخدمة: 'service', الموقع: 'website',
};

export const ASPECT_WORDS: WordLists<Aspect> = Object.fromEntries(
  Object.entries(words).map(([lang, byAspect]) => [
    lang,
    Object.fromEntries((Object.entries(byAspect) as Array<[Aspect, string]>).flatMap(([aspect, list]) => list.split(' ').map((w) => [w, aspect]))),
  ]).concat([['ar', arabic]]),
);
