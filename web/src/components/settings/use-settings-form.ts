/** The settings form: its fields as typed, whether they differ from the saved settings, and saving them. */
import { useEffect, useState } from 'react';
import { apiSend, ApiError } from '../../api';
import type { ApiState } from '../../hooks';
import { t } from '../../i18n';
import { describeError } from '../../error-text';
import type { ShopAnswer } from '../../../../app/api-contract/shop';
import type { Settings } from '../../../../app/api-contract/settings';
import type { ToastApi } from '../SaveBar';

export interface SettingsFields {
  gap: string;
  retention: string;
  holdout: string;
  exclusions: string[];
  pins: string[];
}

/** A failed save names the field it is about (`field`); other failures are page-wide, under `title` when given. */
export interface SettingsError {
  field?: string;
  title?: string;
  error: unknown;
}

const fieldsOf = (s: Settings): SettingsFields => ({
  gap: String(s.sessionGapMinutes),
  retention: String(s.retentionDays),
  holdout: String(s.holdoutPercent),
  exclusions: s.merchandising.exclusions,
  pins: s.merchandising.pins,
});

export function useSettingsForm(settings: ApiState<Settings>, shop: ApiState<ShopAnswer>, toast: ToastApi) {
  const [form, setForm] = useState<SettingsFields>({ gap: '', retention: '', holdout: '', exclusions: [], pins: [] });
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<SettingsError | null>(null);
  const load = (s: Settings) => setForm(fieldsOf(s));
  useEffect(() => {
    if (settings.data) load(settings.data);
  }, [settings.data]);

  const s = settings.data;
  const dirty =
    s !== null &&
    (form.gap !== String(s.sessionGapMinutes) ||
      form.retention !== String(s.retentionDays) ||
      form.holdout !== String(s.holdoutPercent) ||
      form.exclusions.join(',') !== s.merchandising.exclusions.join(',') ||
      form.pins.join(',') !== s.merchandising.pins.join(','));

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const next = await apiSend<Settings>('PUT', '/settings', {
        sessionGapMinutes: Number(form.gap),
        retentionDays: Number(form.retention),
        holdoutPercent: Number(form.holdout),
        merchandising: { exclusions: form.exclusions, pins: form.pins },
      });
      load(next);
      settings.reload();
      shop.reload();
      toast.show(t('settings.saved'));
    } catch (e) {
      const field = e instanceof ApiError ? e.field : undefined;
      setError({ field, error: e, title: field ? undefined : t('settings.notSaved') });
      toast.show(field ? t('settings.notSavedField') : t('settings.notSaved'), { isError: true });
    } finally {
      setSaving(false);
    }
  };

  const discard = () => {
    if (s) load(s);
    setError(null);
  };

  /** What the field allows, in words (error-text.ts), when the save failed because of `field` or a field under it. */
  const fieldError = (field: string, nested = false) =>
    error?.field === field || (nested && error?.field?.startsWith(field)) ? describeError(error.error).todo : undefined;

  return { form, setForm, dirty, saving, save, discard, error, setError, fieldError };
}
