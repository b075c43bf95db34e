/**
 * One vocabulary of step names for every view: the admin's flow chart, funnel, time on
 * each step, top paths, landing-page filter, and the insights' sentences. Pure; imported by
 * the backend and by the admin page (web/src/format.ts).
 *
 *   stepName('checkout_contact')   // "checkout contact step" (inside a sentence)
 *   stepTitle('checkout_contact')  // "Checkout contact step" (a label)
 */
export const STEP_NAMES: Readonly<Record<string, string>> = {
  session: 'session start',
  landing: 'landing page',
  home: 'home page',
  collection: 'collection page',
  search: 'search results',
  product: 'product page',
  cart: 'cart',
  checkout: 'checkout',
  checkout_contact: 'checkout contact step',
  checkout_address: 'checkout address step',
  checkout_shipping: 'checkout shipping step',
  checkout_payment: 'checkout payment step',
  purchase: 'purchase',
  other: 'other pages',
};

export function stepName(step: string): string {
  return STEP_NAMES[step] ?? step.replace(/_/g, ' ');
}

export function stepTitle(step: string): string {
  const n = stepName(step);
  return n.charAt(0).toUpperCase() + n.slice(1);
}
