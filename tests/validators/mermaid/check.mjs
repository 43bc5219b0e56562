// Parse Mermaid diagrams with Mermaid's own parser; print one JSON array on stdout with, per file,
// {file, ok, type, error} and, for flowcharts, what a reader will see: vertices, edges and
// subgraphs with their label text as rendered (entities decoded, <br/> as a line break, tags
// dropped). mermaid.parse needs a DOM only for DOMPurify's hooks, so jsdom provides one; nothing
// is laid out. Usage: node check.mjs FILE...
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!DOCTYPE html><body></body>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });

// Mermaid's parser stores `#name;` / `#NNN;` entities as placeholders and its renderer turns them
// back into HTML entities (decodeEntities in mermaid's utils); the browser then decodes those.
function shown(label) {
  if (label === undefined || label === null) return null;
  const html = String(label).replace(/ﬂ°°/g, '&#').replace(/ﬂ°/g, '&').replace(/¶ß/g, ';');
  const el = dom.window.document.createElement('div');
  el.innerHTML = html.replace(/<br\s*\/?>/gi, '\n');
  return el.textContent;
}

const results = [];
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  const result = { file, ok: true, type: null, error: null };
  try {
    const parsed = await mermaid.parse(text);
    result.type = parsed.diagramType;
    if (parsed.diagramType.startsWith('flowchart')) {
      const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
      const db = diagram.db;
      result.vertices = [...db.getVertices().values()].map((v) => ({ id: v.id, text: shown(v.text), classes: v.classes }));
      result.edges = db.getEdges().map((e) => ({ start: e.start, end: e.end, text: shown(e.text), stroke: e.stroke, type: e.type }));
      result.subgraphs = db.getSubGraphs().map((s) => ({ id: s.id, title: shown(s.title), nodes: s.nodes }));
    }
  } catch (err) {
    result.ok = false;
    result.error = String((err && err.message) || err);
  }
  results.push(result);
}
process.stdout.write(JSON.stringify(results));
