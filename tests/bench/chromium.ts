/** Debian's Chromium and the flags it needs on this closed network (browser tests, Lighthouse). */
export const CHROMIUM_PATH = process.env.WAYMARK_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;
