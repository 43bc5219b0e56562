// Resolve generated SFDX projects with @salesforce/source-deploy-retrieve, the library `sf` uses.
// Usage: node sdr.js PROJECT_DIR... ; prints one JSON object per project on stdout:
// {project, components: [{type, fullName, files}], manifest: [{type, fullName}], converted, error}
// `converted` lists the package.xml of the Metadata API folder SDR's converter writes.
// Every file under force-app must belong to a component the registry knows, or SDR throws.
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');
const { ComponentSet, MetadataConverter } = require('@salesforce/source-deploy-retrieve');

async function resolve(project) {
  const out = { project, components: [], manifest: [], converted: [], error: null };
  try {
    const set = ComponentSet.fromSource(path.join(project, 'force-app'));
    for (const c of set.getSourceComponents()) {
      const files = [c.xml, c.content, ...c.walkContent()].filter(Boolean);
      for (const child of c.getChildren()) {
        out.components.push({ type: child.type.name, fullName: child.fullName, files: [child.xml].filter(Boolean) });
      }
      out.components.push({ type: c.type.name, fullName: c.fullName, files: [...new Set(files)] });
    }
    // What `sf project convert source` does: source format → a Metadata API deploy folder.
    const target = fs.mkdtempSync(path.join(os.tmpdir(), 'sfspec-mdapi-'));
    try {
      await new MetadataConverter().convert(set, 'metadata', { type: 'directory', outputDirectory: target, genUniqueDir: false });
      const converted = await ComponentSet.fromManifest({ manifestPath: path.join(target, 'package.xml') });
      for (const m of converted) {
        out.converted.push({ type: typeof m.type === 'string' ? m.type : m.type.name, fullName: m.fullName });
      }
    } finally {
      fs.rmSync(target, { recursive: true, force: true });
    }
    const manifest = await ComponentSet.fromManifest({ manifestPath: path.join(project, 'manifest', 'package.xml') });
    for (const m of manifest) {
      out.manifest.push({ type: typeof m.type === 'string' ? m.type : m.type.name, fullName: m.fullName });
    }
  } catch (err) {
    out.error = String(err && err.stack ? err.stack : err);
  }
  return out;
}

(async () => {
  const results = [];
  for (const project of process.argv.slice(2)) {
    results.push(await resolve(project));
  }
  process.stdout.write(JSON.stringify(results));
})();
