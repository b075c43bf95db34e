import { createRoot } from 'react-dom/client';
import { AppProvider } from '@shopify/polaris';
import en from '@shopify/polaris/locales/en.json';
import '@shopify/polaris/build/esm/styles.css';
import { App } from './App';
import { prefetch } from './api';
import { localeFromPage, setLocale, type Language } from './i18n';
import { journeyMapPath } from './landing';
import { viewOf } from './router';

// First render of the landing page: ask for the shop and the journey map right away, and
// fetch the page's code in parallel rather than after the app shell has rendered.
// The journey map's request goes first: the server answers in order and it is what the
// merchant is waiting for (the shop overview only feeds the checklist and empty states).
if (viewOf(window.location.pathname) === 'journeys') {
  prefetch(journeyMapPath(new URLSearchParams(window.location.search)));
  void import('./pages/JourneyMap');
}
prefetch('/shop');

type PolarisStrings = typeof en;
const polarisStrings: Record<Exclude<Language, 'en'>, () => Promise<{ default: PolarisStrings }>> = {
  fr: () => import('@shopify/polaris/locales/fr.json') as Promise<{ default: PolarisStrings }>,
  ja: () => import('@shopify/polaris/locales/ja.json') as Promise<{ default: PolarisStrings }>,
};

function render(i18n: PolarisStrings) {
  createRoot(document.getElementById('root')!).render(
    <AppProvider i18n={i18n}>
      <App />
    </AppProvider>,
  );
}

// English renders at once; another language first loads Waymark's and Polaris's strings.
const { lang, tag } = localeFromPage();
document.documentElement.lang = tag;
if (lang === 'en') {
  void setLocale(lang, tag); // synchronous for English
  render(en);
}
else {
  Promise.all([setLocale(lang, tag), polarisStrings[lang]()])
    .then(([, strings]) => render(strings.default))
    .catch(() => render(en));
}
