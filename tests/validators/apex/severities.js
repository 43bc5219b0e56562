// Salesforce Code Analyzer's severity (1 Critical … 5 Info) for each PMD rule, as the PMD engine
// of Code Analyzer v5 assigns it. Rules it does not list fall back to PMD's priority.
const { RULE_MAPPINGS } = require('@salesforce/code-analyzer-pmd-engine/dist/pmd-rule-mappings.js');
const out = {};
for (const [rule, info] of Object.entries(RULE_MAPPINGS)) {
  out[rule] = info.severity;
}
process.stdout.write(JSON.stringify(out));
