/**
 * Reads all of stdin as UTF-8; rejects when the signal aborts (Ctrl-C while typing a prompt; the
 * caller sees the aborted signal and exits 130).
 */
export function readStdin(stdin: NodeJS.ReadableStream, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    const cleanup = (): void => {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      stdin.off('error', onError);
      signal.removeEventListener('abort', onAbort);
    };
    const onData = (chunk: Buffer | string): void => {
      parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(parts).toString('utf8'));
    };
    const onError = (e: unknown): void => {
      cleanup();
      reject(e);
    };
    const onAbort = (): void => {
      cleanup();
      stdin.pause();
      reject(new Error('Reading stdin was cancelled'));
    };
    if (signal.aborted) {
      onAbort();
      return;
    }
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    stdin.on('error', onError);
    signal.addEventListener('abort', onAbort, { once: true });
    stdin.resume();
  });
}
