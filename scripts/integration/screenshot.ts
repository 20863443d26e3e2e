// Captures the workbench as the test index leaves it: the showcase .prompt file open with its
// token lenses. The image in docs/ is only replaced on request (or when absent) and only when the
// lenses are actually on screen, so a broken run never overwrites the README picture.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Page } from 'playwright-core';

export interface ScreenshotOptions {
  outputDir: string;
  /** Where the README picture lives; undefined to never touch it. */
  docsImage: string | undefined;
  update?: boolean;
  /** Wait (up to 15 s) for code lenses to be painted first; off when no showcase was set up. */
  waitForLenses?: boolean;
}

/** CodeLens titles render inside this widget class in the editor (a link when they have a command). */
const LENS_SELECTOR = '.codelens-decoration';

export async function saveScreenshot(page: Page, options: ScreenshotOptions): Promise<void> {
  // The editor asks for lenses on its own schedule after the document opens: wait for them to be
  // painted rather than for a fixed time.
  const lensesVisible = options.waitForLenses === false
    ? await page.locator(LENS_SELECTOR).first().isVisible().catch(() => false)
    : await page.waitForSelector(LENS_SELECTOR, { state: 'visible', timeout: 15_000 }).then(() => true, () => false);
  // Let the notification toasts that activation may raise not cover the editor.
  await page.keyboard.press('Escape').catch(() => undefined);
  const file = join(options.outputDir, 'workbench.png');
  await page.screenshot({ path: file });
  console.log(`screenshot: ${relative(process.cwd(), file)}${lensesVisible ? '' : ' (no code lenses were visible)'}`);
  if (!options.docsImage || !lensesVisible) return;
  if (existsSync(options.docsImage) && !options.update) return;
  mkdirSync(dirname(options.docsImage), { recursive: true });
  copyFileSync(file, options.docsImage);
  console.log(`updated ${relative(process.cwd(), options.docsImage)}`);
}
