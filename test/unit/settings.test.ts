import * as assert from 'node:assert/strict';
import manifest from '../../package.json';
import {
  DEFAULT_BASE_URL,
  DEFAULT_SETTINGS,
  isLoopbackHost,
  parseSettings,
  SETTING_ORIGINS,
  thinkingRequest,
  workspaceMaySet,
  type SettingKey,
} from '../../src/core/settings';

describe('settings', () => {
  it('uses the defaults when nothing is set', () => {
    const { settings, problems } = parseSettings({});
    assert.deepEqual(settings, DEFAULT_SETTINGS);
    assert.deepEqual(problems, []);
  });

  it('keeps valid values and trims a trailing slash off the base URL', () => {
    const { settings, problems } = parseSettings({ baseUrl: 'http://127.0.0.1:8080/v1/', model: 'claude-opus-4-8', temperature: 0, maxRetries: 0 });
    assert.equal(settings.baseUrl, 'http://127.0.0.1:8080/v1');
    assert.equal(settings.model, 'claude-opus-4-8');
    assert.equal(settings.temperature, 0);
    assert.equal(settings.maxRetries, 0);
    assert.deepEqual(problems, []);
  });

  const bad: [string, unknown][] = [
    ['baseUrl', 'not a url'],
    ['baseUrl', 'ftp://example.com'],
    ['baseUrl', 42],
    ['model', ''],
    ['model', 'has spaces'],
    ['maxOutputTokens', 12.5],
    ['maxOutputTokens', 10],
    ['temperature', 1.5],
    ['temperature', '0.5'],
    ['requestTimeoutSeconds', 0],
    ['maxRetries', -1],
  ];
  for (const [key, value] of bad) {
    it(`refuses ${key} = ${JSON.stringify(value)}, names it, and falls back to the default`, () => {
      const { settings, problems } = parseSettings({ [key]: value, model: key === 'model' ? value : 'claude-opus-4-5' });
      assert.equal(problems.length, 1);
      assert.equal(problems[0]?.key, key);
      assert.ok(problems[0]?.reason.length);
      assert.equal(settings[key as keyof typeof settings], DEFAULT_SETTINGS[key as keyof typeof DEFAULT_SETTINGS]);
      if (key !== 'model') assert.equal(settings.model, 'claude-opus-4-5', 'the other settings are kept');
    });
  }

  describe('base URL: plain http only on this machine', () => {
    // The key travels in the Authorization header: over plain http it may only go to loopback.
    const loopback = [
      'http://localhost/v1',
      'http://localhost:8080/v1',
      'http://LOCALHOST:8080/v1',
      'http://api.localhost:8080/v1',
      'http://127.0.0.1:9/v1',
      'http://127.1.2.3/v1',
      'http://127.1/v1',
      'http://[::1]:8080/v1',
      'http://[0:0:0:0:0:0:0:1]/v1',
    ];
    for (const url of loopback) {
      it(`accepts ${url}`, () => {
        const { settings, problems } = parseSettings({ baseUrl: url });
        assert.deepEqual(problems, []);
        assert.equal(settings.baseUrl, url);
      });
    }

    const remote = [
      'http://attacker.example/v1',
      'http://api.aimlapi.com/v1',
      'http://10.0.0.5:8080/v1',
      'http://192.168.1.2/v1',
      'http://128.0.0.1/v1',
      'http://localhost.attacker.example/v1',
      'http://127.0.0.1.nip.io/v1',
      'http://[::2]/v1',
      'http://[::ffff:8.8.8.8]/v1',
      'http://0.0.0.0/v1',
    ];
    for (const url of remote) {
      it(`refuses ${url}, saying why, and keeps the default`, () => {
        const { settings, problems } = parseSettings({ baseUrl: url });
        assert.equal(problems.length, 1);
        assert.equal(problems[0]?.key, 'baseUrl');
        assert.match(problems[0]?.reason ?? '', /https:\/\//);
        assert.match(problems[0]?.reason ?? '', /localhost/);
        assert.equal(settings.baseUrl, DEFAULT_BASE_URL);
      });
    }

    for (const url of ['https://attacker.example/v1', 'https://10.0.0.5:8443/v1', 'https://localhost:8443/v1', 'https://api.aimlapi.com/v1/']) {
      it(`accepts ${url} (TLS protects the key on the way)`, () => {
        const { settings, problems } = parseSettings({ baseUrl: url });
        assert.deepEqual(problems, []);
        assert.equal(settings.baseUrl, url.replace(/\/+$/, ''));
      });
    }

    it('knows the loopback host names after URL normalisation', () => {
      for (const host of ['localhost', 'a.b.localhost', '127.0.0.1', '127.255.255.254', '[::1]']) assert.ok(isLoopbackHost(host), host);
      for (const host of ['localhost.', 'notlocalhost', 'xlocalhost.com', '126.0.0.1', '[::]', 'example.com', '']) assert.ok(!isLoopbackHost(host), host);
    });
  });

  describe('where a setting may come from', () => {
    it('the base URL only from the user; cost settings from a trusted workspace only; temperature from any', () => {
      assert.equal(workspaceMaySet('baseUrl', true), false);
      assert.equal(workspaceMaySet('baseUrl', false), false);
      for (const key of ['model', 'maxOutputTokens', 'thinking', 'thinkingBudgetTokens', 'maxRetries', 'requestTimeoutSeconds'] as const) {
        assert.equal(workspaceMaySet(key, true), true, key);
        assert.equal(workspaceMaySet(key, false), false, key);
      }
      assert.equal(workspaceMaySet('temperature', false), true);
    });

    it('package.json declares the same: user-only settings application-scoped, the others VS Code restricts', () => {
      const props = manifest.contributes.configuration.properties as Record<string, { scope?: string }>;
      const keys = Object.keys(SETTING_ORIGINS) as SettingKey[];
      assert.deepEqual(Object.keys(props).sort(), keys.map((k) => `aimlClaude.${k}`).sort(), 'every setting has an origin');
      for (const key of keys) {
        assert.equal(props[`aimlClaude.${key}`]?.scope === 'application', SETTING_ORIGINS[key] === 'user', `${key} scope`);
      }
      const untrusted = manifest.capabilities.untrustedWorkspaces;
      assert.equal(untrusted.supported, 'limited', 'Restricted Mode keeps the extension on');
      assert.deepEqual(
        [...untrusted.restrictedConfigurations].sort(),
        keys.filter((k) => SETTING_ORIGINS[k] !== 'anyWorkspace').map((k) => `aimlClaude.${k}`).sort(),
      );
    });
  });

  it('defaults to the AI/ML API', () => {
    assert.equal(DEFAULT_SETTINGS.baseUrl, DEFAULT_BASE_URL);
    assert.equal(DEFAULT_BASE_URL, 'https://api.aimlapi.com/v1');
  });

  it('turns the thinking setting into a request the model documents', () => {
    const base = { thinkingBudgetTokens: 2048 };
    assert.equal(thinkingRequest({ ...base, thinking: 'off' }, ['enabled', 'adaptive']), undefined);
    assert.deepEqual(thinkingRequest({ ...base, thinking: 'on' }, ['enabled', 'disabled']), { type: 'enabled', budgetTokens: 2048 });
    assert.deepEqual(thinkingRequest({ ...base, thinking: 'adaptive' }, ['enabled', 'disabled', 'adaptive']), { type: 'adaptive' });
    assert.deepEqual(thinkingRequest({ ...base, thinking: 'adaptive' }, ['enabled', 'disabled']), { type: 'enabled', budgetTokens: 2048 });
    assert.equal(thinkingRequest({ ...base, thinking: 'on' }, ['disabled']), undefined, 'a model without thinking gets none');
    assert.deepEqual(thinkingRequest({ ...base, thinking: 'on' }, undefined), { type: 'enabled', budgetTokens: 2048 });
  });

  it('refuses an unknown thinking mode and a budget under 1024', () => {
    const { settings, problems } = parseSettings({ thinking: 'max', thinkingBudgetTokens: 100 });
    assert.deepEqual(problems.map((p) => p.key).sort(), ['thinking', 'thinkingBudgetTokens']);
    assert.equal(settings.thinking, 'off');
  });
});
