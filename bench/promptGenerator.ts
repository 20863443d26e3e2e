/** Generates a large, realistic-looking .prompt file: N blocks of prose between markers. */
export function generatePrompt(blocks: number, bytesPerBlock: number): string {
  const words = ['the', 'customer', 'shall', 'receive', 'notice', 'within', 'thirty', 'days', 'of', 'any', 'change', 'to', 'pricing',
    'function', 'return', 'value', 'const', 'result', 'await', 'fetch', 'data', 'liability', 'clause', 'section', 'agreement', 'party'];
  let seed = 42;
  const next = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed; };
  const parts = ['---', 'model: us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'input:', '  default:', '    question: What changed?', 'cache.stable: [doc]', '---', '{{role "system"}}'];
  for (let b = 0; b < blocks; b++) {
    if (b === 1) parts.push('{{role "user"}}');
    else if (b > 0) parts.push(b % 50 === 0 ? '{{cachePoint}}' : `{{section "part${b}"}}`);
    let text = '';
    while (text.length < bytesPerBlock) {
      let line = '';
      while (line.length < 100) line += words[next() % words.length] + ' ';
      text += line.trim() + '.\n';
    }
    parts.push(text.trimEnd());
  }
  parts.push('Question: {{question}}', '');
  return parts.join('\n');
}
