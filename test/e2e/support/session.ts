// The set-up most end-to-end files share: a fake AI/ML server, a fresh workbench pointed at it
// with the packaged extension, and (unless told otherwise) a key stored through the palette.
import { FakeAimlServer } from '../../support/fakeAimlServer';
import { current } from './hooks';
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
