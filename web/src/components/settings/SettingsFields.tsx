/** The settings form's sections: journeys (session gap, retention) and recommendations (holdout, merchandising). */
import type { Dispatch, SetStateAction } from 'react';
import { Card, FormLayout, Layout, SkeletonBodyText, TextField } from '@shopify/polaris';
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
    <Layout.AnnotatedSection id="journeys" title="Journeys" description="How Waymark groups a shopper's page views into visits and how long it keeps them.">
      <Card>
        {!loaded ? (
          <SkeletonBodyText lines={6} />
        ) : (
          <FormLayout>
            <TextField
              label="Session gap"
              type="number"
              suffix="minutes"
              min={5}
              max={240}
              autoComplete="off"
              value={form.gap}
              onChange={(v) => setForm({ ...form, gap: v })}
              error={fieldError('sessionGapMinutes')}
              helpText="A shopper who is inactive this long starts a new visit. 30 minutes is the common choice; applies to new journeys."
            />
            <TextField
              label="Keep shopper data for"
              type="number"
              suffix="days"
              min={7}
              max={730}
              autoComplete="off"
              value={form.retention}
              onChange={(v) => setForm({ ...form, retention: v })}
              error={fieldError('retentionDays')}
              helpText="Older events and journeys are deleted every night. Totals already shown in reports for older dates are deleted with them."
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
      title="Recommendations"
      description="A holdout group sees no Waymark recommendations, so you can measure what the blocks add."
    >
      <Card>
        {!loaded ? (
          <SkeletonBodyText lines={6} />
        ) : (
          <FormLayout>
            <TextField
              label="Holdout group"
              type="number"
              suffix="% of shoppers"
              min={0}
              max={50}
              autoComplete="off"
              value={form.holdout}
              onChange={(v) => setForm({ ...form, holdout: v })}
              error={fieldError('holdoutPercent')}
              helpText="These shoppers see best sellers instead of personal recommendations. 5–10% is enough to measure lift; 0 turns measurement off."
            />
            <ProductPicker
              label="Never recommend"
              testid="exclusions"
              max={500}
              value={form.exclusions}
              onChange={(v) => setForm({ ...form, exclusions: v })}
              error={fieldError('merchandising.exclusions', true)}
              helpText="For example gift cards or samples. Up to 500 products."
            />
            <ProductPicker
              label="Always show first"
              testid="pins"
              max={24}
              value={form.pins}
              onChange={(v) => setForm({ ...form, pins: v })}
              error={fieldError('merchandising.pins', true)}
              helpText="Pinned products lead every block when they are in stock. Up to 24 products."
            />
          </FormLayout>
        )}
      </Card>
    </Layout.AnnotatedSection>
  );
}
