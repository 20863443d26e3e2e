/**
 * Entry point of the usage panel app (bundled to media/build/usagePanel.js). The host embeds the
 * first state, HTML-escaped, in the root element's `data-state` attribute: reading it from the
 * DOM, never from an inline script, keeps the page's CSP free of 'unsafe-inline'.
 */
import type { PanelInitialState, PanelUiState } from '../shared/protocol';
import { App } from './app';

function readInitialState(root: HTMLElement): PanelInitialState | undefined {
  try {
    const parsed: unknown = JSON.parse(root.dataset.state ?? 'null');
    if (typeof parsed === 'object' && parsed !== null && Array.isArray((parsed as PanelInitialState).records)) return parsed as PanelInitialState;
  } catch {
    // A damaged attribute is no reason to show nothing: the host sends `init` after `ready`.
  }
  return undefined;
}

const root = document.getElementById('app');
if (root) {
  const vscode = acquireVsCodeApi<PanelUiState>();
  new App(root, vscode, readInitialState(root)).start();
}
