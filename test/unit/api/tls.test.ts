/**
 * TLS against real loopback HTTPS servers whose certificates come from CAs made with openssl in
 * this test: which connections `strictSSL: false` relaxes (only those through a proxy), which CAs
 * are trusted (Node's roots, the system store, NODE_EXTRA_CA_CERTS, the client option), how a
 * refusal is worded, and how the client reports where trust came from.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AimlClient, type ClientOptions } from '../../../src/core/api';
import { readExtraCaCertificates, readSystemCertificates, splitPem, SYSTEM_BUNDLE_FILES } from '../../../src/core/api/trust';
import { FakeAimlServer } from '../../support/fakeAimlServer';
import { LoopbackProxy } from '../../support/loopbackProxy';
import { RecordingLogger } from '../../support/recordingLogger';
import { makeCa, makeServerCert } from '../../support/testCertificates.mjs';
import { collect, HELLO, TEST_KEY } from './helpers';

const NOT_TRUSTED =
  'The server’s certificate is not trusted (self-signed certificate in chain). If your network inspects TLS, add its CA to the system store or NODE_EXTRA_CA_CERTS.';

describe('AimlClient TLS: trust and proxyStrictSSL', function () {
  this.timeout(60_000);
  let dir: string;
  let corpCa: ReturnType<typeof makeCa>;
  /** An HTTPS AI/ML server whose certificate a "corporate" CA signed (leaf + CA sent). */
  let api: FakeAimlServer;
  /** The same, with a certificate for another host name. */
  let wrongName: FakeAimlServer;
  /** A plain http server, reached through an HTTPS proxy. */
  let plainApi: FakeAimlServer;
  const clients: AimlClient[] = [];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aiml-tls-'));
    corpCa = makeCa(dir, 'corp');
    const leaf = makeServerCert(corpCa, 'api');
    const other = makeServerCert(corpCa, 'other', ['api.example.invalid']);
    api = await FakeAimlServer.start({ tls: { key: leaf.keyPem, cert: leaf.chainPem } });
    wrongName = await FakeAimlServer.start({ tls: { key: other.keyPem, cert: other.chainPem } });
    plainApi = await FakeAimlServer.start();
  });
  after(async () => {
    await Promise.all([api?.stop(), wrongName?.stop(), plainApi?.stop()]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    api.reset();
    plainApi.reset();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.destroy()));
  });

  /** A client with no system store and an empty environment unless told otherwise. */
  function client(extra: Partial<ClientOptions> = {}): AimlClient {
    const c = new AimlClient({ baseUrl: api.url, apiKey: TEST_KEY, env: {}, systemCertificates: false, maxRetries: 0, ...extra });
    clients.push(c);
    return c;
  }

  describe('proxyStrictSSL: false relaxes only connections through the proxy', () => {
    let proxy: LoopbackProxy;
    before(async () => {
      proxy = await LoopbackProxy.start();
    });
    after(async () => {
      await proxy.stop();
    });
    beforeEach(() => {
      proxy.tunnels.length = 0;
      proxy.forwarded.length = 0;
    });

    it('direct (no proxy): an untrusted certificate is refused even with strictSSL false', async () => {
      const r = await collect(client({ proxy: { strictSSL: false } }).stream(HELLO));
      assert.equal(r.error?.kind, 'network');
      assert.equal(r.error?.userMessage, NOT_TRUSTED);
      assert.equal(r.error?.retryable, false);
      assert.match(r.error?.message ?? '', /SELF_SIGNED_CERT_IN_CHAIN/);
      assert.equal(api.chatRequests.length, 0, 'nothing was sent over the refused connection');
    });

    it('a NO_PROXY host goes direct, so it is verified even with strictSSL false', async () => {
      const r = await collect(client({ proxy: { url: proxy.url, strictSSL: false, noProxy: '127.0.0.1' } }).stream(HELLO));
      assert.equal(r.error?.userMessage, NOT_TRUSTED);
      assert.equal(proxy.hits, 0);
    });

    it('through a proxy with strictSSL false: accepted, and a warning says what is not verified', async () => {
      const logger = new RecordingLogger();
      api.enqueue({ kind: 'text', text: 'Through an inspecting proxy.' });
      const result = await client({ proxy: { url: proxy.url, strictSSL: false }, logger }).complete(HELLO);
      assert.equal(result.text, 'Through an inspecting proxy.');
      assert.deepEqual(proxy.tunnels, [`127.0.0.1:${api.port}`]);
      const warnings = logger.lines.filter((l) => l.level === 'warn').map((l) => l.text);
      assert.equal(warnings.length, 1, warnings.join('\n'));
      assert.match(warnings[0] ?? '', /http\.proxyStrictSSL is off: TLS certificates are NOT verified for the proxy \(http:\/\/127\.0\.0\.1:\d+\) nor for servers reached through it; direct connections are still verified/);
    });

    it('the warning never shows proxy credentials', async () => {
      const logger = new RecordingLogger();
      const withUser = proxy.url.replace('http://', 'http://alice:s3cret-pw@');
      api.enqueue({ kind: 'text', text: 'ok' });
      await client({ proxy: { url: withUser, strictSSL: false }, logger }).complete(HELLO);
      assert.ok(!logger.text.includes('s3cret-pw'), logger.text);
      assert.ok(!logger.text.includes('alice'), logger.text);
    });

    it('through a proxy with strictSSL on (the default): refused with the same sentence', async () => {
      const r = await collect(client({ proxy: { url: proxy.url } }).stream(HELLO));
      assert.equal(r.error?.kind, 'network');
      assert.equal(r.error?.userMessage, NOT_TRUSTED);
      assert.equal(proxy.tunnels.length, 1);
    });

    it('an HTTPS proxy’s own certificate: refused when strict, named as the proxy’s; accepted with strictSSL false', async () => {
      const proxyCert = makeServerCert(corpCa, 'proxy');
      const tlsProxy = await LoopbackProxy.start({ tls: { key: proxyCert.keyPem, cert: proxyCert.chainPem } });
      try {
        const strict = await collect(client({ baseUrl: plainApi.url, proxy: { url: tlsProxy.url } }).stream(HELLO));
        assert.equal(strict.error?.kind, 'network');
        assert.match(strict.error?.userMessage ?? '', /^The proxy’s certificate is not trusted \(self-signed certificate in chain\)\./);
        plainApi.enqueue({ kind: 'text', text: 'Via the HTTPS proxy.' });
        const relaxed = await client({ baseUrl: plainApi.url, proxy: { url: tlsProxy.url, strictSSL: false } }).complete(HELLO);
        assert.equal(relaxed.text, 'Via the HTTPS proxy.');
        // undici tunnels through an https proxy even for an http target.
        assert.ok(tlsProxy.tunnels.includes(`127.0.0.1:${plainApi.port}`), tlsProxy.tunnels.join());
      } finally {
        await tlsProxy.stop();
      }
    });
  });

  describe('which CAs are trusted', () => {
    it('without the CA: refused, kind network, with what to do', async () => {
      const r = await collect(client().stream(HELLO));
      assert.equal(r.error?.kind, 'network');
      assert.equal(r.error?.userMessage, NOT_TRUSTED);
      assert.equal(client().certificateTrust(), undefined);
    });

    it('NODE_EXTRA_CA_CERTS (read from the given environment): accepted, and said so', async () => {
      api.enqueue({ kind: 'text', text: 'Trusted through the variable.' });
      const c = client({ env: { NODE_EXTRA_CA_CERTS: corpCa.certPath } });
      assert.equal((await c.complete(HELLO)).text, 'Trusted through the variable.');
      assert.deepEqual(c.certificateTrust(), { source: 'env', label: 'NODE_EXTRA_CA_CERTS' });
    });

    it('the extraCaCertificates option: accepted, and said so', async () => {
      const c = client({ extraCaCertificates: [corpCa.certPem] });
      assert.equal((await c.listModels()).length > 0, true);
      assert.equal(c.certificateTrust()?.source, 'option');
    });

    it('the system store: accepted when it holds the CA, refused when systemCertificates is off', async () => {
      const bundle = path.join(dir, 'system-bundle.crt');
      // A system bundle as update-ca-certificates writes it: Node's own roots plus the corporate CA.
      const tls = await import('node:tls');
      fs.writeFileSync(bundle, [...tls.rootCertificates.slice(0, 5), corpCa.certPem].join('\n'));
      const c = client({ systemCertificates: true, systemBundleFiles: [path.join(dir, 'missing.crt'), bundle] });
      api.enqueue({ kind: 'text', text: 'Trusted through the system.' });
      assert.equal((await c.complete(HELLO)).text, 'Trusted through the system.');
      assert.deepEqual(c.certificateTrust(), { source: 'system', label: 'the system store' });

      const off = await collect(client({ systemCertificates: false, systemBundleFiles: [bundle] }).stream(HELLO));
      assert.equal(off.error?.userMessage, NOT_TRUSTED);
    });

    it('trust is computed once per client, on its first request, never for a plain-http client', async () => {
      const logger = new RecordingLogger();
      const c = client({ env: { NODE_EXTRA_CA_CERTS: corpCa.certPath }, logger });
      assert.equal(logger.lines.filter((l) => l.text.startsWith('TLS trust:')).length, 0, 'nothing read at construction');
      await c.listModels();
      await c.listModels();
      const trustLines = logger.lines.filter((l) => l.text.startsWith('TLS trust:'));
      assert.equal(trustLines.length, 1);
      assert.match(trustLines[0]?.text ?? '', /^TLS trust: Node's bundled roots \+ 1 more from NODE_EXTRA_CA_CERTS \(/);

      const plainLogger = new RecordingLogger();
      const plain = client({ baseUrl: plainApi.url, env: { NODE_EXTRA_CA_CERTS: corpCa.certPath }, logger: plainLogger });
      await plain.listModels();
      assert.ok(!plainLogger.text.includes('TLS trust'), plainLogger.text);
      assert.equal(plain.certificateTrust(), undefined);
    });

    it('a certificate for another host: refused, naming the host and what to check', async () => {
      const r = await collect(client({ baseUrl: wrongName.url, extraCaCertificates: [corpCa.certPem] }).stream(HELLO));
      assert.equal(r.error?.kind, 'network');
      assert.equal(
        r.error?.userMessage,
        `The server’s certificate is not issued for 127.0.0.1:${wrongName.port}. Check the base URL; a TLS-inspecting proxy may be answering in its place.`,
      );
      assert.match(r.error?.message ?? '', /ERR_TLS_CERT_ALTNAME_INVALID/);
    });

    it('by default the process’s own NODE_EXTRA_CA_CERTS is read, beside other CAs given', async () => {
      // Once any CA is added, the client's store starts from Node's bundled roots, without what
      // Node itself loaded from NODE_EXTRA_CA_CERTS at start: the client must add it back. A
      // child started with the corporate CA there (no env option), given an unrelated CA too.
      const unrelated = makeCa(dir, 'unrelated');
      const script = path.join(dir, 'child.ts');
      fs.writeFileSync(
        script,
        `import { AimlClient } from ${JSON.stringify(path.resolve(__dirname, '../../../src/core/api'))};
const c = new AimlClient({ baseUrl: process.argv[2] ?? '', apiKey: 'k-000000', systemCertificates: false, maxRetries: 0, extraCaCertificates: [${JSON.stringify(unrelated.certPem)}] });
c.listModels().then((m) => console.log(JSON.stringify({ listed: m.length, trust: c.certificateTrust()?.source })), (e) => console.log(JSON.stringify({ error: e.message }))).finally(() => c.destroy());
`,
      );
      // Asynchronous: the fake server answering the child lives in this process.
      const { execFile } = await import('node:child_process');
      const { promisify } = await import('node:util');
      const { stdout: out } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script, api.url], {
        cwd: path.resolve(__dirname, '../../..'),
        env: { PATH: process.env.PATH ?? '', NODE_EXTRA_CA_CERTS: corpCa.certPath },
        encoding: 'utf8',
      });
      assert.match(out.trim(), /^\{"listed":[1-9]\d*,"trust":"env"\}$/, out);
    });

    it('an unreadable NODE_EXTRA_CA_CERTS is a warning naming the file, not a failure', async () => {
      const logger = new RecordingLogger();
      const r = await collect(client({ env: { NODE_EXTRA_CA_CERTS: path.join(dir, 'nope.pem') }, logger }).stream(HELLO));
      assert.equal(r.error?.userMessage, NOT_TRUSTED);
      assert.match(logger.text, /warn TLS trust: NODE_EXTRA_CA_CERTS names .*nope\.pem, which cannot be read \(ENOENT\)/);
    });
  });
});

describe('reading CA certificates', () => {
  let dir: string;
  let ca: ReturnType<typeof makeCa>;
  before(function () {
    this.timeout(30_000);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aiml-ca-read-'));
    ca = makeCa(dir, 'reader');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('NODE_EXTRA_CA_CERTS: read from the environment object passed in, not the process’s', () => {
    assert.deepEqual(readExtraCaCertificates({}), { pems: [] });
    const set = readExtraCaCertificates({ NODE_EXTRA_CA_CERTS: ca.certPath });
    assert.equal(set.pems.length, 1);
    assert.equal(set.pems[0]?.trim(), ca.certPem.trim());
    assert.equal(set.from, `NODE_EXTRA_CA_CERTS (${ca.certPath})`);
    assert.equal(set.problem, undefined);
  });

  it('NODE_EXTRA_CA_CERTS: a broken certificate is skipped and named, the good one kept', () => {
    const file = path.join(dir, 'mixed.pem');
    fs.writeFileSync(file, `${ca.certPem}\n-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n`);
    const set = readExtraCaCertificates({ NODE_EXTRA_CA_CERTS: file });
    assert.equal(set.pems.length, 1);
    assert.match(set.problem ?? '', /1 certificate in NODE_EXTRA_CA_CERTS .* could not be read and was skipped/);
  });

  it('NODE_EXTRA_CA_CERTS: a file with no certificate says so', () => {
    const file = path.join(dir, 'empty.pem');
    fs.writeFileSync(file, 'nothing here\n');
    assert.match(readExtraCaCertificates({ NODE_EXTRA_CA_CERTS: file }).problem ?? '', /holds no certificate/);
  });

  it('the system store on Node 20: the first bundle file that exists; SSL_CERT_FILE first', () => {
    const a = path.join(dir, 'a.crt');
    const b = path.join(dir, 'b.crt');
    fs.writeFileSync(a, ca.certPem);
    fs.writeFileSync(b, `${ca.certPem}\n${ca.certPem}`);
    assert.deepEqual(readSystemCertificates({}, [path.join(dir, 'none.crt'), b, a]).from, b);
    assert.equal(readSystemCertificates({ SSL_CERT_FILE: a }, [b]).from, a);
    assert.deepEqual(readSystemCertificates({}, [path.join(dir, 'none.crt')]), { pems: [], problem: 'no system certificate bundle found' });
  });

  it('the standard locations include Debian’s and Red Hat’s bundles; this machine’s is found', () => {
    assert.ok(SYSTEM_BUNDLE_FILES.includes('/etc/ssl/certs/ca-certificates.crt'));
    assert.ok(SYSTEM_BUNDLE_FILES.includes('/etc/pki/tls/certs/ca-bundle.crt'));
    const found = readSystemCertificates({});
    assert.ok(found.pems.length > 10, `read ${found.pems.length} certificates from ${found.from ?? found.problem}`);
  });

  it('splitPem keeps certificates and ignores keys and text', () => {
    const text = `junk\n${ca.certPem}\n-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n${ca.certPem}`;
    assert.equal(splitPem(text).length, 2);
  });
});
