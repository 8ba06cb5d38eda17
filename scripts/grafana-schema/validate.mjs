// Validates Grafana dashboard JSON files against the generated Dashboard schema with ajv.
// Usage: node validate.mjs SCHEMA.json DASHBOARD.json...
// Prints one JSON object: { "<file>": [ "<instancePath> <message>", ... ], ... } and exits 1 on any error.
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const [schemaPath, ...files] = process.argv.slice(2);
if (!schemaPath || files.length === 0) {
  console.error('usage: node validate.mjs SCHEMA.json DASHBOARD.json...');
  process.exit(2);
}

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
const report = {};
let failed = false;
for (const file of files) {
  let errors = [];
  try {
    if (!validate(JSON.parse(readFileSync(file, 'utf8')))) {
      errors = validate.errors.map(e => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
    }
  } catch (e) {
    errors = [`cannot read: ${e.message}`];
  }
  report[file] = errors;
  failed ||= errors.length > 0;
}
console.log(JSON.stringify(report, null, 2));
process.exit(failed ? 1 : 0);
