// Debian's headless chromium as every browser test starts it (no browser is downloaded): no GPU, no network
// chatter, autoplay allowed so that a muted video plays without a gesture.
import { chromium } from 'playwright-core';

export function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
  });
}
