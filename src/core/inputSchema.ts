/** The input names an `input.schema` declares (Picoschema or JSON Schema), and which of them are optional. */

/** Optional input names: `name?` in Picoschema; in JSON Schema, properties not listed under `required`. */
export function optionalInputsOf(schema: unknown): string[] {
  if (!schema || typeof schema !== 'object') return [];
  const s = schema as Record<string, unknown>;
  if (s.properties && typeof s.properties === 'object') {
    const required = Array.isArray(s.required) ? s.required : [];
    return Object.keys(s.properties as object).filter((k) => !required.includes(k));
  }
  return Object.keys(s).filter((key) => /^[^?(]+\?/.test(key)).map((key) => key.replace(/[?(].*$/, ''));
}

/** Input names from Picoschema (`name?(type): …`) or JSON Schema (`properties`). */
export function inputNamesOf(schema: unknown): string[] {
  if (!schema || typeof schema !== 'object') return [];
  const s = schema as Record<string, unknown>;
  if (s.properties && typeof s.properties === 'object') return Object.keys(s.properties as object);
  return Object.keys(s).map((key) => key.replace(/[?(].*$/, '')).filter(Boolean);
}
