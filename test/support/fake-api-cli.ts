/**
 * Runs the fake AI/ML server by hand or for out-of-process tests:
 *   npx tsx test/support/fake-api-cli.ts [--port N] [--key KEY]
 * Every chat gets a streamed answer echoing the question unless scripts are queued through
 * POST /__control/enqueue. Prints the base URL (…/v1) on the first line of stdout.
 */
import { FakeAimlServer } from './fakeAimlServer';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

async function main(): Promise<void> {
  const port = Number(arg('port') ?? process.env.PORT ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`Bad port: ${arg('port') ?? process.env.PORT}`);
    process.exit(1);
  }
  const server = await FakeAimlServer.start({ port, validKey: arg('key') ?? process.env.FAKE_AIML_KEY });
  console.log(server.url);
  const stop = (): void => {
    void server.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
