// Generates a JSON Schema (draft-07) from the Dashboard type of the pinned @grafana/schema package.
// Usage: node generate.mjs OUT.json   (run `npm ci` in this folder first)
import { writeFileSync } from 'node:fs';
import { createGenerator } from 'ts-json-schema-generator';

const out = process.argv[2];
if (!out) {
  console.error('usage: node generate.mjs OUT.json');
  process.exit(2);
}

const schema = createGenerator({
  path: 'node_modules/@grafana/schema/dist/types/raw/dashboard/x/types.gen.d.ts',
  type: 'Dashboard',
  skipTypeCheck: true,
}).createSchema('Dashboard');
writeFileSync(out, JSON.stringify(schema, null, 2));
console.log(`wrote ${out} (${Object.keys(schema.definitions ?? {}).length} definitions)`);
