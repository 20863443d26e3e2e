/**
 * The usage panel's HTML, as a pure function so a unit test can check the CSP of every page the
 * host produces. Data never enters a script: the first state rides in an HTML-escaped `data-`
 * attribute and the one script is a bundled file allowed by nonce.
 */
import type { PanelInitialState } from '../../shared/protocol';

export interface PanelHtmlInput {
  /** `webview.cspSource`: the origin webview resources are served from. */
  cspSource: string;
  /** Fresh per render, from `crypto.randomBytes`. */
  nonce: string;
  scriptUri: string;
  styleUri: string;
  codiconUri: string;
  initialState: PanelInitialState;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an HTML attribute value or element content. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export function renderPanelHtml(input: PanelHtmlInput): string {
  const { cspSource, nonce, scriptUri, styleUri, codiconUri, initialState } = input;
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(nonce)) throw new Error('The panel nonce must be at least 16 base64 characters.');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(codiconUri)}">
<link rel="stylesheet" href="${escapeHtml(styleUri)}">
<title>Prompt Cache: Usage</title>
</head>
<body>
<main id="app" data-state="${escapeHtml(JSON.stringify(initialState))}"></main>
<script nonce="${escapeHtml(nonce)}" src="${escapeHtml(scriptUri)}"></script>
</body>
</html>
`;
}
