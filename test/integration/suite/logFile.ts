// The extension's log as VS Code writes it to disk ("AIML Claude.log" under the profile's logs):
// what a user would read in Output, checked by the tests that promise a line is written once.
import fs from 'node:fs';
import path from 'node:path';
import type { TestApi } from '../../../src/extension';
import { waitFor } from './helpers';

function logFiles(): string[] {
  const ud = process.env.AIML_TEST_USER_DATA_DIR;
  if (!ud) throw new Error('the launcher passes the profile folder in AIML_TEST_USER_DATA_DIR');
  const logs = path.join(ud, 'logs');
  if (!fs.existsSync(logs)) return [];
  return (fs.readdirSync(logs, { recursive: true }) as string[]).filter((f) => f.endsWith('AIML Claude.log')).map((f) => path.join(logs, f));
}

/**
 * The log's text once everything written so far is on disk: a marker line is logged and waited
 * for, and lines are written in order.
 */
export async function flushedLog(api: TestApi): Promise<string> {
  const marker = `log flushed ${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  api.log.info(marker);
  return waitFor(
    'the extension log on disk',
    () => {
      const text = logFiles()
        .map((f) => fs.readFileSync(f, 'utf8'))
        .join('\n');
      return text.includes(marker) ? text : undefined;
    },
    20_000,
  );
}

/** How many times `needle` occurs in `text`. */
export function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}
