import { createRoot } from 'react-dom/client';
import { AppProvider } from '@shopify/polaris';
import en from '@shopify/polaris/locales/en.json';
import '@shopify/polaris/build/esm/styles.css';
import { App } from './App';

createRoot(document.getElementById('root')!).render(
  <AppProvider i18n={en}>
    <App />
  </AppProvider>,
);
