/**
 * What the status bar says about where calls go, free of the `vscode` module so it is tested in
 * plain Node. A custom endpoint is said in the item's text, not only in its tooltip: a user must
 * see at a glance that runs go to a local emulator (simulated, no AWS account) or a proxy.
 */

export interface ConnectionLabel {
  text: string;
  tooltip: string;
  /** Calls go somewhere other than Bedrock's public endpoint. */
  custom: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function connectionLabel(input: { profile: string; region: string; endpoint: string; failed: boolean }): ConnectionLabel {
  const who = `${input.profile || 'default'} · ${input.region}`;
  const click = 'click to choose a profile, region or model.';
  if (input.failed) return { text: `$(cloud) ${who}`, tooltip: `Bedrock credentials failed on the last call: ${click}`, custom: !!input.endpoint };
  if (!input.endpoint) return { text: `$(cloud) ${who}`, tooltip: `Calls go to Amazon Bedrock in ${input.region}: ${click}`, custom: false };
  let host = input.endpoint;
  try {
    host = new URL(input.endpoint).host;
  } catch {
    // A malformed endpoint is shown as written; the run reports the error.
  }
  const hostname = host.replace(/:\d+$/, '');
  if (LOOPBACK.has(hostname)) {
    return {
      text: `$(beaker) local endpoint ${host}`,
      tooltip: `Calls go to ${input.endpoint} on this machine (the built-in emulator simulates Bedrock: no AWS account, no charges), not to Amazon Bedrock. Set promptCache.endpoint to "" for the real service; ${click}`,
      custom: true,
    };
  }
  return { text: `$(cloud) ${who} · via ${host}`, tooltip: `Calls go through the custom endpoint ${input.endpoint}; ${click}`, custom: true };
}
