/**
 * A failed request in words for the merchant: what happened (one line) and what to do (one
 * line), in the page's language. From an ApiError (the server's problem code, the field at
 * fault, Retry-After, the reference of a fault) or a NetworkError (offline, unreachable, too
 * slow); anything else reads as a fault of ours. The server's own sentence (English) is kept
 * as `details` where it says more than the words here (refused input, a conflict).
 */
import { ApiError, NetworkError } from './api';
import { t, tn, type MessageKey } from './i18n';

export interface ErrorText {
  what: string;
  todo: string;
  /** The server's own message, for refused input and conflicts. */
  details?: string;
  /** What the page can offer beside the words: reload it (a lapsed session, a stale list), ask again, or nothing (input to change). */
  action: 'reload' | 'retry' | 'none';
}

/** The fields the admin page sends, by the words that name them (error.field.*) and say what is allowed (error.allowed.*). */
const FIELDS = {
  from: 'range',
  to: 'range',
  device: 'segment',
  returning: 'segment',
  source: 'segment',
  landing: 'segment',
  steps: 'steps',
  mode: 'funnelOptions',
  window: 'funnelOptions',
  sessionGapMinutes: 'sessionGap',
  retentionDays: 'retention',
  holdoutPercent: 'holdout',
  'merchandising.exclusions': 'exclusions',
  'merchandising.pins': 'pins',
  confirm: 'confirm',
} as const;
export type FieldWords = (typeof FIELDS)[keyof typeof FIELDS];

/** The words for a field path (`merchandising.pins.3` → pins), by its longest known prefix. */
export function fieldWords(path: string): FieldWords | undefined {
  const parts = path.split('.');
  for (let n = parts.length; n > 0; n--) {
    const prefix = parts.slice(0, n).join('.');
    if (prefix in FIELDS) return FIELDS[prefix as keyof typeof FIELDS];
  }
  return undefined;
}

/** "Try again in 30 seconds." / "… in 2 minutes." (whole minutes from 90 seconds on). */
export function retryIn(seconds: number): string {
  return seconds >= 90 ? tn('error.retryInMinutes', Math.ceil(seconds / 60)) : tn('error.retryInSeconds', Math.max(1, Math.ceil(seconds)));
}

const pair = (what: MessageKey, todo: string, action: ErrorText['action'], details?: string): ErrorText => ({ what: t(what), todo, action, ...(details ? { details } : {}) });

function invalidInput(e: ApiError): ErrorText {
  const words = e.field ? fieldWords(e.field) : undefined;
  const details = e.message;
  if (!words) return pair('error.invalid.what', t('error.invalid.todo'), 'none', details);
  return {
    what: t('error.invalidField.what', { field: t(`error.field.${words}` as MessageKey) }),
    todo: t(`error.allowed.${words}` as MessageKey),
    details,
    action: 'none',
  };
}

function fault(e: ApiError | null): ErrorText {
  const todo = e?.reference ? t('error.server.todoReference', { reference: e.reference }) : t('error.server.todo');
  return pair('error.server.what', todo, 'retry');
}

function fromApi(e: ApiError): ErrorText {
  const later = e.retryAfterSec ? retryIn(e.retryAfterSec) : undefined;
  switch (e.code) {
    case 'invalid_input':
      return invalidInput(e);
    case 'unauthorized':
      return pair('error.session.what', t('error.session.todo'), 'reload');
    case 'forbidden':
      return pair('error.forbidden.what', t('error.forbidden.todo'), 'reload');
    case 'not_found':
      return pair('error.notFound.what', t('error.notFound.todo'), 'reload', e.message);
    case 'conflict':
      return pair('error.conflict.what', later ?? t('error.conflict.todo'), 'retry', e.message);
    case 'too_large':
      return pair('error.tooLarge.what', t('error.tooLarge.todo'), 'none');
    case 'rate_limited':
      return pair('error.rateLimited.what', later ?? t('error.rateLimited.todo'), 'retry');
    case 'unavailable':
      return pair('error.unavailable.what', later ?? t('error.unavailable.todo'), 'retry');
    default:
      // internal, method_not_allowed and codes this page does not know: a fault of ours.
      return e.status >= 400 && e.status < 500 && e.code !== 'method_not_allowed' ? invalidInput(e) : fault(e);
  }
}

/** The words for any error a request (or the code around it) threw. */
export function describeError(e: unknown): ErrorText {
  if (e instanceof ApiError) return fromApi(e);
  if (e instanceof NetworkError) {
    if (e.kind === 'offline') return pair('error.offline.what', t('error.offline.todo'), 'retry');
    if (e.kind === 'timeout') return pair('error.timeout.what', t('error.timeout.todo'), 'retry');
    return pair('error.unreachable.what', t('error.unreachable.todo'), 'retry');
  }
  return fault(null);
}

/** What happened and what to do as one sentence pair, for a toast or a line inside a message. */
export function errorSentence(e: unknown): string {
  const { what, todo } = describeError(e);
  return `${what} ${todo}`;
}
