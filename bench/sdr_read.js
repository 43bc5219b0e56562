// Read an SFDX project the way an org reader must, with Salesforce's own library
// (@salesforce/source-deploy-retrieve, installed by tests/validators/install.sh): resolve every
// component, parse every metadata XML (objects and their decomposed fields too) and read every
// Apex body. Prints {components, cpu_ms, wall_ms} as JSON. Usage: node bench/sdr_read.js PROJECT
const path = require('node:path');
const fs = require('node:fs');
const { ComponentSet } = require('@salesforce/source-deploy-retrieve');

(async () => {
  const project = process.argv[2];
  const cpu = process.cpuUsage();
  const wall = process.hrtime.bigint();
  const set = ComponentSet.fromSource(path.join(project, 'force-app'));
  let components = 0;
  for (const c of set.getSourceComponents()) {
    await c.parseXml();
    if (c.content && !fs.statSync(c.content).isDirectory()) await fs.promises.readFile(c.content, 'utf8');
    components += 1;
    for (const child of c.getChildren()) {
      await child.parseXml();
      components += 1;
    }
  }
  const used = process.cpuUsage(cpu);
  process.stdout.write(
    JSON.stringify({
      components,
      cpu_ms: (used.user + used.system) / 1000,
      wall_ms: Number(process.hrtime.bigint() - wall) / 1e6,
    }),
  );
})().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err));
  process.exit(1);
});
