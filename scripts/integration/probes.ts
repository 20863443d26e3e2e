// Questions the tests in the extension host ask the runner about what the workbench page shows:
// the extension API cannot see inside a webview, Playwright can. A test prints one line
// `integration probe {"id":…,"kind":…}` and waits for `<probe dir>/<id>.json`; the runner looks at
// the page and writes that file (atomically) with the answer or the reason it has none.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';

export const PROBE_PREFIX = 'integration probe ';

export interface UsageCardProbe {
  id: string;
  kind: 'usageCard';
  /** The run whose card must be on screen (the card's data-run-id). */
  runId: string;
  timeoutMs?: number;
}

/** Take a picture of the workbench as it is now into `test-output/moments/<name>.png`. */
export interface PictureProbe {
  id: string;
  kind: 'picture';
  /** File name without extension: letters, digits and dashes. */
  name: string;
  /** Resize the page first (the panel's side-by-side width depends on it). */
  viewport?: { width: number; height: number };
  timeoutMs?: number;
}

/** Press keys in the workbench as a user would (the extension API cannot press keys). */
export interface PressProbe {
  id: string;
  kind: 'press';
  /** Playwright key names, e.g. "Control+Enter". */
  keys: string[];
  timeoutMs?: number;
}

export type ProbeRequest = UsageCardProbe | PictureProbe | PressProbe;

/** Where moment pictures go, under the run's output folder. */
export const MOMENTS_DIR = 'moments';

export interface UsageCardAnswer {
  /** Text of every `[data-field]` of the card, by field name. */
  fields: Record<string, string>;
  heading: string;
  /** How deep the card's frame sits below the page (webviews nest an iframe in an iframe). */
  frameDepth: number;
}

export type ProbeAnswer<T = UsageCardAnswer> = { ok: true; answer: T } | { ok: false; error: string };

function depth(frame: Frame): number {
  let n = 0;
  for (let f = frame.parentFrame(); f; f = f.parentFrame()) n++;
  return n;
}

/**
 * Resolves with the first frame, of those present now or attached later, in which `selector`
 * matches. Each frame waits through Playwright's own DOM observation; no fixed delays.
 */
export function frameWith(page: Page, selector: string, timeoutMs: number): Promise<Frame> {
  return new Promise((resolve, reject) => {
    const watched = new Set<Frame>();
    let settled = false;
    const finish = (frame?: Frame) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      page.off('frameattached', watch);
      if (frame) resolve(frame);
      else reject(new Error(`no frame of the ${page.frames().length} in the workbench showed ${selector} within ${timeoutMs} ms`));
    };
    const timer = setTimeout(() => finish(), timeoutMs);
    function watch(frame: Frame) {
      if (settled || watched.has(frame)) return;
      watched.add(frame);
      frame.waitForSelector(selector, { state: 'attached', timeout: timeoutMs }).then(() => finish(frame), () => undefined);
    }
    page.on('frameattached', watch);
    for (const frame of page.frames()) watch(frame);
  });
}

async function usageCard(page: Page, request: UsageCardProbe): Promise<UsageCardAnswer> {
  // The id is a UUID the extension made; checked anyway, since it goes into a selector.
  if (!/^[\w-]+$/.test(request.runId)) throw new Error(`not a run id: ${request.runId}`);
  const selector = `#run article.card[data-run-id="${request.runId}"]`;
  const frame = await frameWith(page, selector, request.timeoutMs ?? 20_000);
  const read = await frame.$eval(selector, (card) => ({
    heading: card.querySelector('h3')?.textContent ?? '',
    fields: Object.fromEntries([...card.querySelectorAll('[data-field]')].map((el) => [el.getAttribute('data-field') ?? '', el.textContent ?? ''])),
  }));
  return { ...read, frameDepth: depth(frame) };
}

export function parseProbe(text: string): ProbeRequest | undefined {
  if (!text.startsWith(PROBE_PREFIX)) return undefined;
  const request = JSON.parse(text.slice(PROBE_PREFIX.length)) as ProbeRequest;
  return typeof request.id === 'string' && /^[\w-]+$/.test(request.id) ? request : undefined;
}

/**
 * Answers one probe into `dir`; never throws (the test reads the error instead of hanging). When
 * the page does not show what was asked, its picture goes to `failurePicture` for the diagnosis.
 */
export async function answerProbe(page: Page | undefined, request: ProbeRequest, dir: string, failurePicture?: string, successPicture?: string, outputDir?: string): Promise<void> {
  let answer: ProbeAnswer<unknown>;
  try {
    if (!page) throw new Error('the workbench page is not open');
    if (request.kind === 'picture') {
      if (!/^[\w-]+$/.test(request.name) || !outputDir) throw new Error(`cannot take picture ${request.name}`);
      if (request.viewport) await page.setViewportSize(request.viewport);
      mkdirSync(join(outputDir, MOMENTS_DIR), { recursive: true });
      const path = join(outputDir, MOMENTS_DIR, `${request.name}.png`);
      await page.screenshot({ path });
      answer = { ok: true, answer: { path } };
    } else if (request.kind === 'press') {
      for (const key of request.keys) await page.keyboard.press(key);
      answer = { ok: true, answer: { pressed: request.keys } };
    } else if (request.kind === 'usageCard') {
      answer = { ok: true, answer: await usageCard(page, request) };
      // The workbench with the panel showing a real run: a picture for the README.
      if (successPicture) await page.screenshot({ path: successPicture }).catch(() => undefined);
    } else {
      throw new Error(`unknown probe kind ${String((request as { kind: unknown }).kind)}`);
    }
  } catch (error) {
    answer = { ok: false, error: (error as Error).message ?? String(error) };
    if (page && failurePicture) {
      await page.screenshot({ path: failurePicture }).catch(() => undefined);
      answer.error += ` (the page then: ${failurePicture})`;
    }
  }
  const file = join(dir, `${request.id}.json`);
  writeFileSync(`${file}.tmp`, JSON.stringify(answer));
  renameSync(`${file}.tmp`, file);
}
