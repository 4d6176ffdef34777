import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { denyMatcher, findRipgrep, type ToolContext, type WorkspaceRoot } from '../../../src/core/tools';

/**
 * A small real workspace on disk for the tool tests: source files, a .gitignore'd build folder,
 * secrets the deny-list must hide, a binary file, and symbolic links out of the workspace.
 * Returns the workspace root, a folder outside it, and a cleanup function.
 */
export interface ToolFixture {
  readonly base: string;
  readonly root: string;
  readonly outside: string;
  readonly roots: WorkspaceRoot[];
  ctx(extra?: Partial<ToolContext>): ToolContext;
  cleanup(): void;
}

export function ripgrepPath(): string {
  const rg = findRipgrep();
  if (!rg) throw new Error('ripgrep (rg) is needed by these tests: apt-get install -y ripgrep');
  return rg;
}

export function makeToolFixture(): ToolFixture {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'aiml-tools-')));
  const root = path.join(base, 'ws');
  const outside = path.join(base, 'outside');
  const write = (rel: string, content: string | Buffer): void => {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  };
  fs.mkdirSync(outside, { recursive: true });
  fs.writeFileSync(path.join(outside, 'secret.txt'), 'OUTSIDE-SECRET parseConfig\n');

  write('src/config.ts', ['export interface Config {', '  port: number;', '}', '', 'export function parseConfig(text: string): Config {', '  return JSON.parse(text) as Config;', '}', ''].join('\n'));
  write('src/main.ts', ["import { parseConfig } from './config';", '', 'const config = parseConfig(process.argv[2] ?? "{}");', 'console.log(config.port);', ''].join('\n'));
  write('src/util/strings.ts', 'export const shout = (s: string) => s.toUpperCase();\n');
  write('README.md', '# Fixture\n\nCall parseConfig to read the settings.\n');
  write('.github/workflows/ci.yml', 'on: push\n');
  write('.gitignore', 'build/\n*.log\n');
  write('build/out.js', 'parseConfig();\n');
  write('debug.log', 'parseConfig log line\n');
  write('.env', 'API_KEY=sk-ENV-SECRET parseConfig\n');
  write('.env.local', 'TOKEN=ENV-LOCAL-SECRET\n');
  write('certs/server.pem', '-----BEGIN PRIVATE KEY----- PEM-SECRET parseConfig\n');
  write('keys/deploy.key', 'KEY-SECRET\n');
  write('home/.npmrc', '//registry/:_authToken=NPMRC-SECRET\n');
  write('home/id_rsa', 'RSA-SECRET\n');
  write('image.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]));
  write('crlf.txt', 'one\r\ntwo\r\nthree\r\n');
  fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'link-out.txt'));
  fs.symlinkSync(outside, path.join(root, 'dir-out'));
  fs.symlinkSync(path.join(root, '.env'), path.join(root, 'innocent.txt'));
  fs.symlinkSync(path.join(root, 'src', 'config.ts'), path.join(root, 'config-link.ts'));
  // A git repository, so ripgrep applies .gitignore as it does in a real checkout.
  execFileSync('git', ['init', '-q', root]);
  fs.writeFileSync(path.join(root, '.git', 'config-secret'), 'GIT-INTERNAL parseConfig\n');

  const roots = [{ name: 'ws', path: root }];
  return {
    base,
    root,
    outside,
    roots,
    ctx: (extra = {}) => ({ roots, denied: denyMatcher(), excludeGlobs: [], ripgrep: ripgrepPath(), ...extra }),
    cleanup: () => fs.rmSync(base, { recursive: true, force: true }),
  };
}
