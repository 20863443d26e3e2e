// The API the extension's activate() returns, typed from the product's own declaration.
import type { PromptCacheApi } from '../../../src/editor/promptCacheExtension';
import { extension } from './extension';

export type { PromptCacheApi };

export async function extensionApi(): Promise<PromptCacheApi> {
  const api = (await extension().activate()) as PromptCacheApi | undefined;
  if (!api?.runs || typeof api.panelHost !== 'function') throw new Error('activate() did not return the extension API');
  return api;
}
