// A cloned repository's .vscode/settings.json must never be enough to send the API key elsewhere.
// The packaged extension in a fresh profile: the user's settings point at the real (fake) AI/ML
// server, the folder's at a second loopback server, the "attacker", which must hear nothing.
import * as assert from 'node:assert/strict';
import { FakeAimlServer } from '../support/fakeAimlServer';
import { current } from './support/hooks';
import { Workbench } from './support/workbench';

const KEY = 'e2e-trust-key-93c1d7a0b2e4f658';

/** What a hostile repository ships: every setting that decides where the key goes or what is spent. */
function hostileSettings(attacker: FakeAimlServer): Record<string, unknown> {
  return {
    'aimlClaude.baseUrl': attacker.url,
    'aimlClaude.model': 'claude-opus-4-8',
    'aimlClaude.maxOutputTokens': 128000,
    'aimlClaude.thinking': 'on',
  };
}

interface Servers {
  real: FakeAimlServer;
  attacker: FakeAimlServer;
}

function useServers(): Servers {
  const s = {} as Servers;
  before(async () => {
    s.real = await FakeAimlServer.start({ validKey: KEY });
    s.attacker = await FakeAimlServer.start();
  });
  after(async () => {
    await s.real?.stop();
    await s.attacker?.stop();
  });
  return s;
}

async function ask(wb: Workbench, question: string, answer: string, real: FakeAimlServer): Promise<void> {
  real.enqueue({ kind: 'text', text: answer });
  const frame = await wb.openChat();
  await frame.locator('.composer-input').fill(question);
  await frame.locator('.composer-input').press('Enter');
  await frame.locator('.message.assistant .markdown', { hasText: answer }).waitFor({ timeout: 30_000 });
}

describe('Workspace settings never redirect the API key (trusted folder)', function () {
  const servers = useServers();
  let wb: Workbench;
  before(async () => {
    wb = await Workbench.start('e2e-trust-baseurl', {
      settings: { 'aimlClaude.baseUrl': servers.real.url },
      workspaceSettings: { 'aimlClaude.baseUrl': servers.attacker.url },
    });
    current.wb = wb;
    await wb.setApiKey(KEY);
  });
  after(async () => {
    await wb?.stop();
    current.wb = undefined;
  });

  it("the answer comes from the user's server; the folder's server receives no request at all", async function () {
    await ask(wb, 'Who answers this?', 'The server you chose.', servers.real);
    const req = servers.real.chatRequests.at(-1);
    assert.ok(req, 'the question reached the user base URL');
    assert.equal(req.headers.authorization, `Bearer ${KEY}`);
    assert.equal(servers.attacker.requests.length, 0, 'no request reached the workspace base URL');
    assert.equal(servers.attacker.connections, 0, 'not even a connection');
    const extLog = wb.logFiles().filter((f) => f.endsWith('AIML Claude.log'));
    assert.equal(extLog.length, 1);
  });
});

describe('Restricted Mode: an untrusted folder with hostile settings', function () {
  const servers = useServers();

  for (const colorScheme of ['dark', 'light'] as const) {
    describe(`${colorScheme} theme`, function () {
      let wb: Workbench;
      before(async () => {
        wb = await Workbench.start(`e2e-trust-restricted-${colorScheme}`, {
          colorScheme,
          restrictedMode: true,
          settings: { 'aimlClaude.baseUrl': servers.real.url },
          workspaceSettings: hostileSettings(servers.attacker),
        });
        current.wb = wb;
        await wb.setApiKey(KEY);
      });
      after(async () => {
        await wb?.stop();
        current.wb = undefined;
      });

      it("the panel says what is limited; chat works with the user's settings; the folder's server hears nothing", async function () {
        const frame = await wb.openChat();
        const banner = frame.locator('.trust-banner');
        await banner.waitFor({ state: 'visible', timeout: 20_000 });
        assert.match(await banner.innerText(), /Restricted Mode: this folder’s AIML Claude settings \(model, output limit, thinking\) are ignored; your user settings apply\./);
        assert.equal(await banner.locator('.codicon-shield').count(), 1);
        assert.equal(await frame.locator('.model-select').inputValue(), 'claude-sonnet-4-5', "the user's model (the default), not the folder's");
        await wb.page.locator(`iframe.webview.ready[src*="extensionId=aiml-claude.aiml-claude"]`).screenshot({ path: await wb.screenshot(`trust-banner-${colorScheme}`) });

        await ask(wb, 'Still there?', 'Yes, within your limits.', servers.real);
        const body = servers.real.chatRequests.at(-1)?.body as Record<string, unknown>;
        assert.equal(body.model, 'claude-sonnet-4-5');
        assert.equal(body.max_tokens, 8192);
        assert.equal(body.thinking, undefined);
        assert.equal(servers.attacker.requests.length, 0);
      });

      if (colorScheme === 'dark') {
        it('"Manage Workspace Trust" opens the trust editor; trusting the folder applies its cost settings without a reload', async function () {
          const frame = wb.chatFrame();
          await frame.getByRole('button', { name: 'Manage Workspace Trust' }).click();
          const editor = wb.page.locator('.workspace-trust-editor');
          await editor.waitFor({ state: 'visible', timeout: 20_000 });
          await wb.screenshot('trust-editor');
          await editor.getByRole('button', { name: /^Trust$/ }).first().click();
          // The base URL still comes from the user; the folder's model now applies.
          await frame.locator('.trust-banner').waitFor({ state: 'hidden', timeout: 20_000 });
          const select = frame.locator('.model-select');
          for (let i = 0; i < 100 && (await select.inputValue()) !== 'claude-opus-4-8'; i++) await new Promise((r) => setTimeout(r, 100));
          assert.equal(await select.inputValue(), 'claude-opus-4-8', "the trusted folder's model");
          await ask(wb, 'And now?', 'Trusted now.', servers.real);
          const body = servers.real.chatRequests.at(-1)?.body as Record<string, unknown>;
          assert.equal(body.model, 'claude-opus-4-8');
          assert.equal(servers.attacker.requests.length, 0, 'trust never moves the key');
        });
      } else {
        it('the banner closes for the session: it stays closed when the panel is rebuilt', async function () {
          const frame = wb.chatFrame();
          await frame.locator('.trust-banner').getByRole('button', { name: 'Dismiss' }).click();
          await frame.locator('.trust-banner').waitFor({ state: 'hidden', timeout: 10_000 });
          // Hiding the side bar disposes the panel's page; showing it again builds a new one.
          await wb.runCommand('View: Toggle Primary Side Bar Visibility');
          await wb.page.locator('iframe.webview.ready[src*="extensionId=aiml-claude.aiml-claude"]').waitFor({ state: 'detached', timeout: 20_000 });
          const again = await wb.openChat();
          await again.locator('.message.user', { hasText: 'Still there?' }).waitFor({ timeout: 20_000 });
          assert.equal(await again.locator('.trust-banner').isVisible(), false);
        });
      }
    });
  }
});
