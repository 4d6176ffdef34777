/**
 * `aiml-claude`: the terminal front end (dist/cli.js). This file only binds the process: signals,
 * streams, the exit. Everything else is in src/cli/.
 */
import { EXIT } from './cli/exitCodes';
import { main } from './cli/main';
import { flush } from './cli/output';

const controller = new AbortController();
// Ctrl-C aborts the request at the socket and lets main() print what it has; a second Ctrl-C quits at once.
process.on('SIGINT', () => {
  if (controller.signal.aborted) process.exit(EXIT.interrupted);
  controller.abort();
});
// A reader that went away (`aiml-claude chat … | head -1`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') {
      controller.abort();
      process.exit(EXIT.ok);
    }
    throw e;
  });
}

main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
})
  .then(async (code) => {
    await Promise.all([flush(process.stdout), flush(process.stderr)]);
    process.exit(code);
  })
  .catch((e: unknown) => {
    // main() reports its own failures; reaching here is a bug. The key never reaches this text:
    // nothing here prints the environment, and errors from the client are scrubbed.
    process.stderr.write(`aiml-claude: unexpected failure: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(EXIT.usage);
  });
