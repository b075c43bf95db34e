import { createRoot } from 'react-dom/client';
import { AppProvider } from '@shopify/polaris';
import en from '@shopify/polaris/locales/en.json';
import '@shopify/polaris/build/esm/styles.css';
import { App } from './App';
import { prefetch } from './api';
import { journeyMapPath } from './landing';
import { viewOf } from './router';

// First render of the landing page: ask for the shop and the journey map right away, and
// fetch the page's code in parallel rather than after the app shell has rendered.
prefetch('/shop');
if (viewOf(window.location.pathname) === 'journeys') {
  prefetch(journeyMapPath(new URLSearchParams(window.location.search)));
  void import('./pages/JourneyMap');
}

createRoot(document.getElementById('root')!).render(
  <AppProvider i18n={en}>
    <App />
  </AppProvider>,
);
