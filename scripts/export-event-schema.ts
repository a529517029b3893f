// Writes contracts/redline-event-v1.schema.json from the TypeBox contract (packages/contracts/src/events.ts).
// Run: npx tsx scripts/export-event-schema.ts   (a test fails when the file and the contract differ)
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventJsonSchema } from '../packages/contracts/src/event-schema.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const file = path.join(root, 'contracts', 'redline-event-v1.schema.json');
writeFileSync(file, JSON.stringify(eventJsonSchema(), null, 2) + '\n');
console.log(`wrote ${path.relative(root, file)}`);
