// Network helpers of the integration suites that change how the extension connects: a real HTTP
// proxy on loopback that logs what went through it, and settings written the way a user writes them.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';

/** A real HTTP proxy (the npm `proxy` package) on loopback, with a log of what went through it. */
export async function startProxy(): Promise<{ url: string; log: string[]; close(): Promise<void> }> {
  const log: string[] = [];
  const { createProxy } = await import('proxy');
  const server = createProxy(http.createServer());
  server.on('request', (req: http.IncomingMessage) => log.push(`${req.method} ${req.url}`));
  server.on('connect', (req: http.IncomingMessage) => log.push(`CONNECT ${req.url}`));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    log,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

/** Writes settings ("section.key": value) to the user settings; undefined removes one. */
export async function configure(values: Record<string, unknown>): Promise<void> {
  for (const [key, value] of Object.entries(values)) {
    const [section, ...rest] = key.split('.');
    await vscode.workspace.getConfiguration(section).update(rest.join('.'), value, vscode.ConfigurationTarget.Global);
  }
}
