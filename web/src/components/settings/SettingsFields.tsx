/** The settings form's sections: journeys (session gap, retention) and recommendations (holdout, merchandising). */
import type { Dispatch, SetStateAction } from 'react';
import { Card, FormLayout, Layout, SkeletonBodyText, TextField } from '@shopify/polaris';
import { t } from '../../i18n';
import { ProductPicker } from '../ProductPicker';
import type { SettingsFields } from './use-settings-form';

interface SectionProps {
  /** false until the saved settings have loaded (a skeleton meanwhile). */
  loaded: boolean;
  form: SettingsFields;
  setForm: Dispatch<SetStateAction<SettingsFields>>;
  fieldError: (field: string, nested?: boolean) => string | undefined;
}

export function JourneysSection({ loaded, form, setForm, fieldError }: SectionProps) {
  return (
    <Layout.AnnotatedSection id="journeys" title={t('settings.journeys.title')} description={t('settings.journeys.description')}>
      <Card>
        {!loaded ? (
          <SkeletonBodyText lines={6} />
        ) : (
          <FormLayout>
            <TextField
              label={t('settings.gap.label')}
              type="number"
              suffix={t('settings.gap.suffix')}
              min={5}
              max={240}
              autoComplete="off"
              value={form.gap}
              onChange={(v) => setForm({ ...form, gap: v })}
              error={fieldError('sessionGapMinutes')}
              helpText={t('settings.gap.help')}
            />
            <TextField
              label={t('settings.retention.label')}
              type="number"
              suffix={t('settings.retention.suffix')}
              min={7}
              max={730}
              autoComplete="off"
              value={form.retention}
              onChange={(v) => setForm({ ...form, retention: v })}
              error={fieldError('retentionDays')}
              helpText={t('settings.retention.help')}
            />
          </FormLayout>
        )}
      </Card>
    </Layout.AnnotatedSection>
  );
}

export function RecommendationsSection({ loaded, form, setForm, fieldError }: SectionProps) {
  return (
    <Layout.AnnotatedSection
      id="recommendations"
      title={t('settings.recs.title')}
      description={t('settings.recs.description')}
    >
      <Card>
        {!loaded ? (
          <SkeletonBodyText lines={6} />
        ) : (
          <FormLayout>
            <TextField
              label={t('settings.holdout.label')}
              type="number"
              suffix={t('settings.holdout.suffix')}
              min={0}
              max={50}
              autoComplete="off"
              value={form.holdout}
              onChange={(v) => setForm({ ...form, holdout: v })}
              error={fieldError('holdoutPercent')}
              helpText={t('settings.holdout.help')}
            />
            <ProductPicker
              label={t('settings.exclusions.label')}
              testid="exclusions"
              max={500}
              value={form.exclusions}
              onChange={(v) => setForm({ ...form, exclusions: v })}
              error={fieldError('merchandising.exclusions', true)}
              helpText={t('settings.exclusions.help')}
            />
            <ProductPicker
              label={t('settings.pins.label')}
              testid="pins"
              max={24}
              value={form.pins}
              onChange={(v) => setForm({ ...form, pins: v })}
              error={fieldError('merchandising.pins', true)}
              helpText={t('settings.pins.help')}
            />
          </FormLayout>
        )}
      </Card>
    </Layout.AnnotatedSection>
  );
}
