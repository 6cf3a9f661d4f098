// What every browser test file starts from: the built site on a freshly seeded DATA_DIR, and Chromium
// with one context when asked; `close` stops them all and removes the directory.
import type { Browser, BrowserContext } from 'playwright-core';
import { buildSite, type RunningSite, startSite, tempDataDir } from '../support/site-server.ts';
import { launchBrowser, newContext } from './browser.ts';
import { type Seeded, seedDataDir } from './seed.ts';

export interface SeededSite {
  site: RunningSite;
  seeded: Seeded;
  /** undefined unless `browser: true` */
  browser: Browser;
  context: BrowserContext;
  close(): Promise<void>;
}

export async function openSeededSite(
  options: { browser?: boolean; env?: Record<string, string> } = {},
): Promise<SeededSite> {
  await buildSite();
  const data = tempDataDir();
  let site: RunningSite | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await site?.stop();
    data.remove();
  };
  try {
    const seeded = await seedDataDir(data.dir);
    site = await startSite({ dataDir: data.dir, ...(options.env ? { env: options.env } : {}) });
    browser = options.browser ? await launchBrowser() : undefined;
    const context = browser ? await newContext(browser) : undefined;
    return {
      site,
      seeded,
      browser: browser as Browser,
      context: context as BrowserContext,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
