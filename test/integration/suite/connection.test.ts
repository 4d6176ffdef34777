import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ConnectionReport } from '../../../src/host/commands/testConnection';
import { FakeAimlServer } from '../../support/fakeAimlServer';
import { loadRunCa, makeCa, makeServerCert } from '../../support/testCertificates.mjs';
import { activateExtension, waitFor } from './helpers';
import { configure, startProxy } from './network.support';

const KEY = 'integration-connection-key-42';

suite('Connection: Test Connection and proxies', () => {
  let api: FakeAimlServer;
  let proxy: Awaited<ReturnType<typeof startProxy>>;

  suiteSetup(async () => {
    api = await FakeAimlServer.start({ validKey: KEY });
    proxy = await startProxy();
    const { api: ext } = await activateExtension();
    await ext.secrets.set(KEY);
    await configure({ 'aimlClaude.baseUrl': api.url, 'aimlClaude.model': 'claude-sonnet-4-5' });
  });

  suiteTeardown(async () => {
    const { api: ext } = await activateExtension();
    await ext.secrets.clear();
    await configure({ 'aimlClaude.baseUrl': undefined, 'aimlClaude.model': undefined, 'http.proxy': undefined, 'http.noProxy': undefined });
    await proxy.close();
    await api.stop();
  });

  const run = async () => (await vscode.commands.executeCommand<ConnectionReport>('aimlClaude.testConnection', false)) as ConnectionReport;

  test('a good setup passes every step, with latencies', async () => {
    const report = await run();
    assert.equal(report.ok, true, JSON.stringify(report));
    assert.deepEqual(report.steps.map((s) => [s.name, s.ok]), [['reach', true], ['key', true], ['model', true]]);
    assert.ok(report.steps.slice(0, 2).every((s) => typeof s.ms === 'number' && s.ms >= 0));
  });

  test('a wrong key fails at the key step, with a sentence naming the fix', async () => {
    const { api: ext } = await activateExtension();
    await ext.secrets.set('wrong-key-0000000000');
    try {
      const report = await run();
      assert.equal(report.ok, false);
      assert.deepEqual(report.steps.map((s) => [s.name, s.ok]), [['reach', true], ['key', false]]);
      assert.match(report.steps[1]?.detail ?? '', /key/i);
      assert.equal(report.steps[1]?.kind, 'auth', 'the failure offers Set API Key (src/shared/errorActions.ts)');
      assert.ok(!JSON.stringify(report).includes('wrong-key-0000000000'), 'the key is not echoed');
    } finally {
      await ext.secrets.set(KEY);
    }
  });

  test('a retired model fails at the model step', async () => {
    await configure({ 'aimlClaude.model': 'claude-3-opus' });
    try {
      const report = await run();
      assert.equal(report.steps.at(-1)?.name, 'model');
      assert.equal(report.steps.at(-1)?.ok, false);
      assert.match(report.steps.at(-1)?.detail ?? '', /no longer served/);
      assert.equal(report.steps.at(-1)?.kind, 'model_not_found');
    } finally {
      await configure({ 'aimlClaude.model': 'claude-sonnet-4-5' });
    }
  });

  test('requests go through http.proxy: the proxy log shows the traffic', async () => {
    await configure({ 'http.proxy': proxy.url, 'http.noProxy': ['nothing.invalid'] });
    const before = proxy.log.length;
    const report = await run();
    assert.equal(report.ok, true, JSON.stringify(report));
    const seen = proxy.log.slice(before);
    assert.ok(seen.some((l) => l.startsWith('GET ') && l.includes('/v1/models')), seen.join('\n'));
    assert.ok(seen.some((l) => l.includes('/v1/billing/balance')), seen.join('\n'));

    const { api: ext } = await activateExtension();
    await ext.chat.newChat();
    api.enqueue({ kind: 'text', text: 'Through the proxy.' });
    await ext.chatView.receive({ type: 'send', text: 'Are you behind a proxy?', attachmentIds: [] });
    await ext.chat.idle();
    assert.equal(ext.chat.current.turns.at(-1)?.text, 'Through the proxy.');
    assert.ok(proxy.log.slice(before).some((l) => l.startsWith('POST ') && l.includes('/v1/chat/completions')));
  });

  test('http.noProxy bypasses the proxy', async () => {
    await configure({ 'http.proxy': proxy.url, 'http.noProxy': ['127.0.0.1'] });
    const before = proxy.log.length;
    const report = await run();
    assert.equal(report.ok, true, JSON.stringify(report));
    assert.equal(proxy.log.length, before, 'nothing went through the proxy');
    await configure({ 'http.proxy': undefined, 'http.noProxy': undefined });
  });
  test('the model and temperature keep the client; a proxy change replaces it while its answer in flight finishes', async () => {
    const { api: ext } = await activateExtension();
    const first = ext.clients.get();
    try {
      await configure({ 'aimlClaude.model': 'claude-opus-4-5', 'aimlClaude.temperature': 0.9 });
      assert.equal(ext.clients.get(), first, 'settings read per request do not touch the client');

      api.enqueue({ kind: 'text', text: 'The whole answer, despite the change.', chunkSize: 5, hold: { after: 2, until: 'factory' } });
      const closes = api.clientCloses;
      const answer = first.complete({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Long answer, please.' }] });
      await waitFor('the answer to be held', () => api.held.includes('factory') || undefined);
      await configure({ 'http.proxy': proxy.url, 'http.noProxy': ['nothing.invalid'] });
      const second = ext.clients.get();
      assert.notEqual(second, first, 'the proxy shapes the client');
      api.release('factory');
      assert.equal((await answer).text, 'The whole answer, despite the change.');
      assert.equal(api.clientCloses, closes, 'the server saw no client close');
      await assert.rejects(first.listModels(), (e: { kind?: string }) => e.kind === 'network', 'the retired client takes no new calls, and does not call that a cancellation');
    } finally {
      await configure({ 'aimlClaude.model': 'claude-sonnet-4-5', 'aimlClaude.temperature': undefined, 'http.proxy': undefined, 'http.noProxy': undefined });
    }
  });
});

/**
 * Test Connection's wording about certificates, in the real extension host. The launcher made a
 * CA before the editor started and gave it to the host as NODE_EXTRA_CA_CERTS — the way a user
 * on a TLS-inspecting network configures it — so the client reads the variable from the host's
 * real environment here, not from a hook. A second CA, made in this suite, stands for a proxy
 * whose CA nobody added.
 */
suite('Connection: certificates of a TLS-inspecting network', () => {
  let trusted: FakeAimlServer;
  let untrusted: FakeAimlServer;
  let strangerDir: string;

  suiteSetup(async function () {
    this.timeout(60_000);
    const caDir = process.env.AIML_TEST_CA_DIR;
    assert.ok(caDir && process.env.NODE_EXTRA_CA_CERTS, 'the launcher starts the editor with a test CA in NODE_EXTRA_CA_CERTS');
    const runCa = loadRunCa(caDir);
    const good = makeServerCert(runCa, 'connection-api');
    trusted = await FakeAimlServer.start({ validKey: KEY, tls: { key: good.keyPem, cert: good.chainPem } });
    strangerDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aiml-stranger-ca-'));
    const stranger = makeCa(strangerDir, 'stranger');
    const bad = makeServerCert(stranger, 'stranger-api');
    untrusted = await FakeAimlServer.start({ validKey: KEY, tls: { key: bad.keyPem, cert: bad.chainPem } });
    const { api: ext } = await activateExtension();
    await ext.secrets.set(KEY);
    await configure({ 'aimlClaude.model': 'claude-sonnet-4-5' });
  });

  suiteTeardown(async () => {
    const { api: ext } = await activateExtension();
    await ext.secrets.clear();
    await configure({ 'aimlClaude.baseUrl': undefined, 'aimlClaude.model': undefined });
    await trusted?.stop();
    await untrusted?.stop();
    if (strangerDir) fs.rmSync(strangerDir, { recursive: true, force: true });
  });

  const run = async () => (await vscode.commands.executeCommand<ConnectionReport>('aimlClaude.testConnection', false)) as ConnectionReport;

  test('a certificate from a CA given through NODE_EXTRA_CA_CERTS: passes, and says where the trust came from', async () => {
    await configure({ 'aimlClaude.baseUrl': trusted.url });
    const report = await run();
    assert.equal(report.ok, true, JSON.stringify(report));
    assert.equal(report.steps[0]?.detail, `${trusted.url} answered (certificate trusted through NODE_EXTRA_CA_CERTS)`);
    assert.ok(trusted.requests.some((r) => r.path === '/v1/billing/balance'), 'the key was checked over the same TLS');
  });

  test('a certificate from a CA nobody added: fails at the first step, saying it is not trusted and what to do', async () => {
    await configure({ 'aimlClaude.baseUrl': untrusted.url });
    const report = await run();
    assert.equal(report.ok, false);
    assert.deepEqual(report.steps.map((s) => [s.name, s.ok]), [['reach', false]]);
    assert.equal(report.steps[0]?.kind, 'network');
    assert.equal(
      report.steps[0]?.detail,
      'The server’s certificate is not trusted (self-signed certificate in chain). If your network inspects TLS, add its CA to the system store or NODE_EXTRA_CA_CERTS.',
    );
    assert.equal(untrusted.requests.length, 0, 'nothing was sent over the refused connection');
  });
});
