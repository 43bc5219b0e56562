// Parse Mermaid diagrams with Mermaid's own parser and report each as {file, ok, type, error}.
// mermaid.parse needs a DOM only for DOMPurify's hooks, so jsdom provides window/document;
// nothing is rendered. Usage: node check.mjs FILE... (prints one JSON array on stdout).
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!DOCTYPE html><body></body>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });

const results = [];
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  try {
    const parsed = await mermaid.parse(text);
    results.push({ file, ok: true, type: parsed.diagramType, error: null });
  } catch (err) {
    results.push({ file, ok: false, type: null, error: String(err && err.message || err) });
  }
}
process.stdout.write(JSON.stringify(results));
