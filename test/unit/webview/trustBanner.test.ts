// The chat panel's Restricted Mode banner in a happy-dom page: it follows the trust state of the
// host's init and trust messages, and only asks the host for things on the user's click.
import assert from 'node:assert/strict';
import type { FromWebview, ToWebview, TrustView } from '../../../src/shared/protocol';
import { restrictedModeBanner } from '../../../src/webview/ui/trustBanner';
import { createDom, type TestDom } from '../render/dom';

describe('Restricted Mode banner', () => {
  let dom: TestDom;
  const globals = globalThis as { document?: unknown; window?: unknown; MessageEvent?: unknown };
  const saved = { document: globals.document, window: globals.window };
  before(() => {
    dom = createDom();
    // The banner builds with the page's globals, as in the webview.
    globals.document = dom.document;
    globals.window = dom.window;
  });
  after(() => {
    globals.document = saved.document;
    globals.window = saved.window;
    dom.close();
  });

  let banner: ReturnType<typeof restrictedModeBanner>;
  // What the panel's message switch does with the host's messages.
  function hostSays(m: Partial<ToWebview> & { type: string; trust?: TrustView }): void {
    if ((m.type === 'init' || m.type === 'trust') && m.trust) banner.update(m.trust);
  }

  function mount(): { el: HTMLElement; posted: FromWebview[] } {
    const posted: FromWebview[] = [];
    banner = restrictedModeBanner((m) => posted.push(m));
    dom.container().append(banner.el);
    return { el: banner.el, posted };
  }

  it('is hidden until the host says Restricted Mode, then names what is ignored', () => {
    const { el, posted } = mount();
    assert.equal(el.hidden, true);
    hostSays({ type: 'init', trust: { restricted: true, bannerDismissed: false } });
    assert.equal(el.hidden, false);
    assert.equal(
      el.textContent,
      'Restricted Mode: this folder’s AIML Claude settings (model, output limit, thinking) are ignored; your user settings apply. Manage Workspace Trust',
    );
    assert.ok(el.querySelector('.codicon-shield'));
    assert.deepEqual(posted, [], 'nothing is asked of the host without a click');
  });

  it('"Manage Workspace Trust" asks the host on click; the close button hides it and says so', () => {
    const { el, posted } = mount();
    hostSays({ type: 'init', trust: { restricted: true, bannerDismissed: false } });
    (el.querySelector('.link-button') as HTMLButtonElement).click();
    assert.deepEqual(posted, [{ type: 'trustBanner', action: 'manage' }]);
    (el.querySelector('button[aria-label="Dismiss"]') as HTMLButtonElement).click();
    assert.equal(el.hidden, true);
    assert.deepEqual(posted.at(-1), { type: 'trustBanner', action: 'dismiss' });
  });

  it('stays hidden when dismissed or trusted, and ignores other messages', () => {
    const { el } = mount();
    hostSays({ type: 'init', trust: { restricted: true, bannerDismissed: true } });
    assert.equal(el.hidden, true);
    hostSays({ type: 'trust', trust: { restricted: true, bannerDismissed: false } });
    assert.equal(el.hidden, false);
    hostSays({ type: 'model' });
    assert.equal(el.hidden, false);
    hostSays({ type: 'trust', trust: { restricted: false, bannerDismissed: false } });
    assert.equal(el.hidden, true, 'trust granted: nothing is limited');
  });
});
