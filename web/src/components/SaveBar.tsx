/**
 * Shopify's native controls, with look-alike fallbacks outside Shopify admin (local mode):
 *
 * - ContextualSaveBar: App Bridge's contextual save bar (`ui-save-bar`) when embedded; else
 *   a bar fixed across the top of the page, dark like Shopify's, saying "Unsaved changes"
 *   with Discard and Save.
 * - useToast: App Bridge's `shopify.toast.show` when embedded; else a toast at the bottom
 *   of the page (role="status", so screen readers announce it), gone after 5 s.
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { SaveBar } from '@shopify/app-bridge-react';
import { t } from '../i18n';
import { embedded } from './AppPage';

export function ContextualSaveBar({ open, saving, onSave, onDiscard }: { open: boolean; saving: boolean; onSave: () => void; onDiscard: () => void }) {
  if (embedded) {
    return (
      <SaveBar id="waymark-save-bar" open={open}>
        <button {...{ variant: 'primary' }} onClick={onSave} {...(saving ? { loading: '' } : {})} />
        <button onClick={onDiscard} disabled={saving} />
      </SaveBar>
    );
  }
  if (!open) return null;
  return (
    <div role="region" aria-label={t('savebar.unsaved')} data-testid="save-bar" style={bar}>
      <span style={{ fontWeight: 600, display: 'flex', alignItems: 'center', gap: 8 }}>
        <span aria-hidden="true" style={{ width: 8, height: 8, borderRadius: 4, background: '#ffb800', display: 'inline-block' }} />
        {t('savebar.unsaved')}
      </span>
      <span style={{ display: 'flex', gap: 8 }}>
        <button type="button" onClick={onDiscard} disabled={saving} style={{ ...btn, background: '#404040', color: '#fff' }}>
          {t('savebar.discard')}
        </button>
        <button type="button" onClick={onSave} disabled={saving} aria-busy={saving} style={{ ...btn, background: '#fff', color: '#1a1a1a' }}>
          {saving ? t('savebar.saving') : t('savebar.save')}
        </button>
      </span>
    </div>
  );
}

const bar: React.CSSProperties = {
  position: 'fixed',
  top: 0,
  left: 0,
  right: 0,
  zIndex: 500,
  minHeight: 56,
  display: 'flex',
  alignItems: 'center',
  justifyContent: 'space-between',
  flexWrap: 'wrap',
  gap: 8,
  padding: '8px 16px',
  background: '#1a1a1a',
  color: '#e3e3e3',
  fontSize: 14,
  boxShadow: '0 2px 6px rgba(0,0,0,.25)',
};
const btn: React.CSSProperties = { border: 0, borderRadius: 8, padding: '6px 12px', fontWeight: 600, fontSize: 13, cursor: 'pointer', font: 'inherit' };

export interface ToastApi {
  show(message: string, opts?: { isError?: boolean }): void;
  /** The fallback toast's element (null when embedded: App Bridge draws its own). */
  element: ReactNode;
}

export function useToast(): ToastApi {
  const [toast, setToast] = useState<{ message: string; isError: boolean; n: number } | null>(null);
  useEffect(() => {
    if (!toast) return;
    const t = window.setTimeout(() => setToast(null), 5000);
    return () => clearTimeout(t);
  }, [toast]);
  const show = useCallback((message: string, opts: { isError?: boolean } = {}) => {
    if (embedded && window.shopify?.toast) window.shopify.toast.show(message, { isError: opts.isError });
    else setToast((t) => ({ message, isError: Boolean(opts.isError), n: (t?.n ?? 0) + 1 }));
  }, []);
  const element = (
    <div role="status" aria-live="polite" style={{ position: 'fixed', bottom: 24, left: 0, right: 0, display: 'flex', justifyContent: 'center', pointerEvents: 'none', zIndex: 520 }}>
      {toast && (
        <div
          key={toast.n}
          data-testid="toast"
          style={{
            pointerEvents: 'auto',
            display: 'flex',
            alignItems: 'center',
            gap: 12,
            padding: '10px 16px',
            borderRadius: 10,
            background: toast.isError ? '#8e1f0b' : '#1a1a1a',
            color: '#fff',
            fontSize: 14,
            fontWeight: 500,
            boxShadow: '0 4px 12px rgba(0,0,0,.3)',
          }}
        >
          {toast.message}
          <button type="button" aria-label={t('toast.dismiss')} onClick={() => setToast(null)} style={{ background: 'none', border: 0, color: '#fff', cursor: 'pointer', fontSize: 16, lineHeight: 1 }}>
            ×
          </button>
        </div>
      )}
    </div>
  );
  return { show, element };
}
