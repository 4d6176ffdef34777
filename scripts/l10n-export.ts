// Writes l10n/bundle.l10n.json, the English bundle, from the messages the sources translate
// (scripts/l10nSources.ts). Run after adding or changing a message, then translate the new keys
// in l10n/bundle.l10n.<lang>.json (docs/localization.md). The unit test fails if it is stale.
import fs from 'node:fs';
import path from 'node:path';
import { englishBundle, extractMessages, root } from './l10nSources';

const { problems } = extractMessages();
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
const file = path.join(root, 'l10n', 'bundle.l10n.json');
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, `${JSON.stringify(englishBundle(), null, 2)}\n`);
console.log(`${path.relative(root, file)}: ${Object.keys(englishBundle()).length} messages`);
