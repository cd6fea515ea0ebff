/**
 * A headless Chromium for the browser tests with no system browser: the one the npm package
 * @sparticuz/chromium ships (unpacked to /tmp on first use), driven by playwright-core. The network is
 * closed to it except for the local stack, and nothing it does leaves the machine.
 */
import { copyFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import chromium from '@sparticuz/chromium';
import { chromium as playwright, type Browser } from 'playwright-core';

/**
 * The package brings only Latin fonts. Tests read the DOM, not pixels, so they pass without a Chinese
 * font; for screenshots a person looks at, a system CJK font is added when the machine has one.
 */
const SYSTEM_CJK_FONTS = [
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
];

export async function launchBrowser(): Promise<Browser> {
  const executablePath = await chromium.executablePath();
  const cjk = SYSTEM_CJK_FONTS.find((path) => existsSync(path));
  // The package's fontconfig reads /tmp/fonts, where executablePath() unpacked its own fonts.
  const target = cjk && join(tmpdir(), 'fonts', basename(cjk));
  if (cjk && target && !existsSync(target)) copyFileSync(cjk, target);
  return playwright.launch({
    executablePath,
    headless: true,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-default-apps',
      '--no-first-run',
      '--no-zygote',
    ],
  });
}
