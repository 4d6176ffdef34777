// The set-up most end-to-end files share: a fake AI/ML server, a fresh workbench pointed at it
// with the packaged extension, and (unless told otherwise) a key stored through the palette.
//
// A workbench costs a start-up of tens of CPU-seconds (code-server, chromium, the workbench, the
// extension host). Files whose tests need nothing but a stored key and a fresh conversation
// therefore share one workbench per run, as VS Code's own smoke tests share one instance:
// `useSharedWorkbench()`. Before each such file the workbench is put back (quick input,
// notifications and editors closed, a new conversation, the fake server's queue and records
// emptied); the files that change the profile (settings, trust, history, spending, the key) keep
// a workbench of their own.
import { FakeAimlServer } from '../../support/fakeAimlServer';
import { current, onRunEnd } from './hooks';
import { Workbench, type WorkbenchOptions } from './workbench';

export interface Session {
  wb: Workbench;
  api: FakeAimlServer;
}

export interface SessionOptions extends WorkbenchOptions {
  /** The key to store through "Set API Key"; false leaves the profile without one. */
  key: string | false;
}

/** Registers mocha before/after hooks; the returned object is filled once `before` has run. */
export function useWorkbench(name: string, opts: SessionOptions): Session {
  const session = {} as Session;
  before(async function () {
    session.api = await FakeAimlServer.start({ validKey: opts.key || 'no-key-stored' });
    session.wb = await Workbench.start(name, {
      ...opts,
      settings: { 'aimlClaude.baseUrl': session.api.url, ...opts.settings },
    });
    current.wb = session.wb;
    if (opts.key) await session.wb.setApiKey(opts.key);
  });
  after(async function () {
    await session.wb?.stop();
    await session.api?.stop();
    current.wb = undefined;
  });
  return session;
}

const SHARED_KEY = 'e2e-shared-key-7e1f0a2b3c4d5e6f';
let shared: Promise<Session> | undefined;

/**
 * The run's shared workbench (dark theme, a key stored, nothing else set), reset for the calling
 * file: what a file gets from `useWorkbench(name, { key })`, without a start-up of its own.
 */
export function useSharedWorkbench(): Session {
  const session = {} as Session;
  before(async function () {
    if (!shared) {
      shared = (async () => {
        const api = await FakeAimlServer.start({ validKey: SHARED_KEY });
        const wb = await Workbench.start('e2e-shared', { settings: { 'aimlClaude.baseUrl': api.url } });
        await wb.setApiKey(SHARED_KEY);
        onRunEnd(async () => {
          await wb.stop();
          await api.stop();
        });
        return { wb, api };
      })();
      Object.assign(session, await shared);
    } else {
      Object.assign(session, await shared);
      session.api.reset();
      await session.wb.resetForNextFile();
    }
    current.wb = session.wb;
  });
  after(function () {
    current.wb = undefined;
  });
  return session;
}
