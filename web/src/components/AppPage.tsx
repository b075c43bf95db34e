import type { ComponentProps, ReactNode } from 'react';
import { Box, Page, Tabs } from '@shopify/polaris';
import { NavMenu } from '@shopify/app-bridge-react';
import { t } from '../i18n';
import { navigate, VIEWS, viewOf, useLocation } from '../router';

/** True inside Shopify admin (App Bridge loaded); the admin then shows the nav menu. */
export const embedded = typeof window !== 'undefined' && Boolean(window.shopify);

/** Admin navigation: App Bridge's nav menu inside Shopify admin, Polaris tabs elsewhere. */
export function AdminNav() {
  const { pathname } = useLocation();
  if (embedded) {
    return (
      <NavMenu>
        {VIEWS.map((v) => (
          <a key={v.id} href={v.path} rel={v.path === '/' ? 'home' : undefined}>
            {t(`nav.${v.id}`)}
          </a>
        ))}
      </NavMenu>
    );
  }
  const selected = VIEWS.findIndex((v) => v.id === viewOf(pathname));
  return (
    <Tabs
      tabs={VIEWS.map((v) => ({ id: `nav-${v.id}`, content: t(`nav.${v.id}`), accessibilityLabel: t(`nav.${v.id}`) }))}
      selected={selected}
      onSelect={(i) => {
        // Keep the journey filters when moving between the analytics views.
        const keep = ['journeys', 'insights'].includes(VIEWS[i].id) ? undefined : {};
        navigate(VIEWS[i].path, keep);
      }}
    />
  );
}

export function AppPage({ children, ...props }: ComponentProps<typeof Page> & { children: ReactNode }) {
  return (
    <Page {...props}>
      {!embedded && (
        <Box paddingBlockEnd="400">
          <AdminNav />
        </Box>
      )}
      {children}
    </Page>
  );
}
