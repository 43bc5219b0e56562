// Format every given Apex file with prettier + prettier-plugin-apex (Salesforce's jorje parser via
// the native serializer): a file the parser or the printer rejects is reported. One process, many files.
// Usage: node prettier-check.mjs FILE... ; prints {"file": "error"} for failures only.
import fs from 'node:fs';
import * as prettier from 'prettier';
import * as apexPlugin from 'prettier-plugin-apex';

const failures = {};
for (const file of process.argv.slice(2)) {
  const source = fs.readFileSync(file, 'utf8');
  try {
    await prettier.format(source, { parser: 'apex', plugins: [apexPlugin], apexStandaloneParser: 'native' });
  } catch (err) {
    failures[file] = String(err && err.message ? err.message : err).slice(0, 2000);
  }
}
process.stdout.write(JSON.stringify(failures));
