import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * ripgrep, run as a child process. It is what VS Code's own search uses (and ships), it honours
 * .gitignore, and it is faster than anything we could write in JavaScript. Output is read line by
 * line; the caller may stop early (enough results), and aborting the signal kills the process.
 */
export interface RipgrepRun {
  /** Lines read before the process ended or was stopped. */
  readonly lines: number;
  /** Whether `onLine` asked to stop (the process was killed then). */
  readonly stopped: boolean;
  /** ripgrep's exit code: 0 matches, 1 none, 2 an error (also with partial output). */
  readonly exitCode: number | null;
  readonly stderr: string;
}

export function runRipgrep(
  binary: string,
  args: readonly string[],
  cwd: string,
  onLine: (line: string) => boolean | void,
  signal?: AbortSignal,
): Promise<RipgrepRun> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason ?? new Error('aborted'));
      return;
    }
    const child = spawn(binary, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    let pending = '';
    let lines = 0;
    let stopped = false;
    let stderr = '';
    const stop = (): void => {
      if (!child.killed) child.kill();
    };
    const onAbort = (): void => stop();
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (stopped) return;
      pending += chunk;
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        lines++;
        if (onLine(line) === false) {
          stopped = true;
          pending = '';
          stop();
          return;
        }
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < 4000) stderr += chunk;
    });
    child.on('error', (err) => {
      signal?.removeEventListener('abort', onAbort);
      reject(new Error(`ripgrep could not be started (${binary})`, { cause: err }));
    });
    child.on('close', (code) => {
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) {
        reject(signal.reason ?? new Error('aborted'));
        return;
      }
      if (!stopped && pending !== '') {
        lines++;
        onLine(pending);
      }
      resolve({ lines, stopped, exitCode: code, stderr: stderr.trim() });
    });
  });
}

/**
 * The ripgrep to use: the one the editor ships (passed in by the extension), else `rg` on PATH.
 * undefined when there is none.
 */
export function findRipgrep(preferred: readonly string[] = [], env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const p of preferred) if (p && existsSync(p)) return p;
  const exe = process.platform === 'win32' ? 'rg.exe' : 'rg';
  for (const dir of (env.PATH ?? env.Path ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, exe);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Arguments every run shares: no user config file (its flags would change our output), hidden files in. */
export function baseArgs(excludeGlobs: readonly string[]): string[] {
  const args = ['--no-config', '--hidden', '--no-messages', '--glob', '!.git'];
  for (const g of excludeGlobs) {
    const clean = g.trim();
    if (clean) args.push('--glob', `!${clean}`);
  }
  return args;
}
