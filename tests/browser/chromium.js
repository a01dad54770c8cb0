// Launches Debian's Chromium through playwright-core (no browser download), with the flags this
// closed-network sandbox needs. Each launch gets a fresh profile directory.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** @returns {Promise<{ context: import('playwright-core').BrowserContext, profile: string, close: () => Promise<void> }>}
 * profile: the fresh profile directory, which also finds this browser's processes (--user-data-dir) */
export async function launchChromium(options = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'cuecast-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
      // Background tabs must keep their timers running when several PWA pages share one browser.
      '--disable-background-timer-throttling', '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
    ],
    viewport: { width: 480, height: 800 },
    ...options,
  });
  return {
    context,
    profile,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
