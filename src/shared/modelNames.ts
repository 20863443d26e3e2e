/**
 * Short model names for narrow places (the panel's history rows, its filter, card headers): the
 * full Bedrock ID wraps onto three lines in a side-by-side panel. The full ID always stays in a
 * tooltip next to the short name, so nothing is lost.
 */

/** Cross-region inference profile prefixes Bedrock puts before the provider. */
const GEO_PREFIX = /^(us|eu|apac|us-gov|ca|jp|au|global)\./;

/**
 * `us.anthropic.claude-sonnet-4-20250514-v1:0` → `claude-sonnet-4 (us)`;
 * `amazon.nova-pro-v1:0` → `nova-pro`; an ARN → its last path part, shortened the same way.
 * Anything unrecognised comes back unchanged.
 */
export function shortModelName(id: string): string {
  let rest = id.startsWith('arn:') ? id.slice(id.lastIndexOf('/') + 1) : id;
  const geo = GEO_PREFIX.exec(rest)?.[1];
  if (geo) rest = rest.slice(geo.length + 1);
  const provider = /^[a-z0-9-]+\.(?=[a-z])/.exec(rest);
  if (provider) rest = rest.slice(provider[0].length);
  rest = rest.replace(/-v\d+(:\d+)?$/, '').replace(/-\d{8}$/, '');
  if (!rest) return id;
  return geo ? `${rest} (${geo})` : rest;
}
