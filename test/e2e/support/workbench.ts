// A real VS Code workbench (code-server) in Debian's chromium, with the packaged .vsix installed
// into a fresh profile: what a user gets after `code --install-extension`.
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, FrameLocator, Page } from 'playwright-core';
// The harness is plain ESM shared with the launchers.
import { closeBrowser, launchBrowser } from '../../harness/browser.mjs';
import { installLanguagePack, installVsix, prepareRun, startCodeServer, workbenchUrl } from '../../harness/codeServer.mjs';
import { root, screenshotsDir } from '../../harness/paths.mjs';

export type Run = ReturnType<typeof prepareRun>;

/** publisher.name from package.json: VS Code names our webviews and status bar entry by it. */
export const EXTENSION_ID = 'aiml-claude.aiml-claude';

export interface WorkbenchOptions {
  settings?: Record<string, unknown>;
  colorScheme?: 'light' | 'dark';
  /** `workbench.colorTheme` by name (e.g. "Default High Contrast"); by default Default Dark/Light Modern after colorScheme. */
  theme?: string;
  env?: Record<string, string>;
  /** Written to the workspace folder's .vscode/settings.json, as a cloned repository ships it. */
  workspaceSettings?: Record<string, unknown>;
  /** Workspace trust on and the folder not trusted (Restricted Mode); otherwise trust is off. */
  restrictedMode?: boolean;
  /**
   * The display language, e.g. "de": the fixture language pack test/fixtures/langpack-<locale>/
   * is installed and code-server starts with `--locale`. `vscode.env.language` is then the locale
   * and our package.nls.<locale>.json and l10n bundles apply; VS Code's own UI stays English (the
   * pack translates nothing).
   */
  locale?: string;
}

/**
 * The built-in themes by their `workbench.colorTheme` value: the label the theme picker shows
 * for each, and the class the workbench's root then wears (its kind).
 */
const BUILT_IN_THEMES: Record<string, { label: string; kind: 'vs' | 'vs-dark' | 'hc-black' | 'hc-light' }> = {
  'Default Dark Modern': { label: 'Dark Modern', kind: 'vs-dark' },
  'Default Light Modern': { label: 'Light Modern', kind: 'vs' },
  'Default High Contrast': { label: 'Dark High Contrast', kind: 'hc-black' },
  'Default High Contrast Light': { label: 'Light High Contrast', kind: 'hc-light' },
};

export class Workbench {
  private constructor(
    readonly run: Run,
    readonly page: Page,
    private readonly browser: BrowserContext,
    private readonly server: { url: string; pid?: number; stop(): Promise<void> },
  ) {}

  static vsixPath(): string {
    const vsix = process.env.AIML_E2E_VSIX;
    if (!vsix || !fs.existsSync(vsix)) throw new Error('AIML_E2E_VSIX must name the packaged .vsix (test/e2e/run.mjs sets it)');
    return vsix;
  }

  static async start(name: string, opts: WorkbenchOptions = {}): Promise<Workbench> {
    const theme = opts.theme ?? (opts.colorScheme === 'light' ? 'Default Light Modern' : 'Default Dark Modern');
    const run = prepareRun(name, {
      workspaceFixture: path.join(root, 'test', 'fixtures', 'workspace'),
      settings: { 'workbench.colorTheme': theme, ...opts.settings },
      workspaceTrust: opts.restrictedMode ?? false,
      locale: opts.locale,
    });
    if (opts.workspaceSettings) {
      fs.mkdirSync(path.join(run.workspace, '.vscode'), { recursive: true });
      fs.writeFileSync(path.join(run.workspace, '.vscode', 'settings.json'), JSON.stringify(opts.workspaceSettings, null, 2));
    }
    if (opts.locale) await installLanguagePack(run);
    await installVsix(run, Workbench.vsixPath());
    const server = await startCodeServer(run, { env: opts.env ?? {} });
    const browser = await launchBrowser(run, { colorScheme: opts.colorScheme ?? 'dark' });
    const page = browser.pages()[0] ?? (await browser.newPage());
    const wb = new Workbench(run, page, browser, server);
    await page.goto(workbenchUrl(server, run));
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    // The remote side is connected once the explorer lists a workspace file.
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
    // Our extension is up once its status bar entry shows. Newer workbenches (1.139) build the
    // palette's command list early and run a command before its extension has activated, so a
    // test that asked at once would race the activation.
    await page.locator(`[id="${EXTENSION_ID}.aimlClaude.model"]`).waitFor({ timeout: 60_000 });
    return wb;
  }

  /**
   * Switches the colour theme in place, as a user does: "Preferences: Color Theme", the theme's
   * label typed, Enter; and the browser's colour scheme to match. Resolves once the workbench
   * wears it. Cheaper than a workbench per theme.
   */
  async setTheme(theme: string, colorScheme: 'light' | 'dark'): Promise<void> {
    const known = BUILT_IN_THEMES[theme];
    if (!known) throw new Error(`setTheme knows the built-in themes only, not "${theme}"`);
    // Clicked, not Enter: "Browse Color Themes in Marketplace" can rank first for the title.
    await this.openPalette('Preferences: Color Theme', 'Preferences: Color Theme');
    await this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row[aria-label^="Preferences: Color Theme"]').click();
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'Light Modern' }).waitFor({ timeout: 10_000 });
    await input.press('Control+A');
    await this.page.keyboard.type(known.label);
    await this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused', { hasText: known.label }).waitFor({ timeout: 10_000 });
    await input.press('Enter');
    await this.page.emulateMedia({ colorScheme });
    await this.page.locator(`.monaco-workbench.${known.kind}`).waitFor({ timeout: 30_000 });
  }

  /** Opens the chat panel on a new conversation ("New Chat"), once the old one's messages are gone. */
  async newChat(): Promise<FrameLocator> {
    const frame = await this.openChat();
    await this.runCommand('AIML Claude: New Chat');
    await frame.locator('.message').first().waitFor({ state: 'detached', timeout: 15_000 });
    return frame;
  }

  /**
   * Puts a shared workbench back for the next file (session.ts): no quick input, notification or
   * editor left open (an edited one closed without saving), the chat panel open on a new
   * conversation.
   */
  async resetForNextFile(): Promise<void> {
    const { page } = this;
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await this.runCommand('Notifications: Clear All Notifications');
    await this.runCommand('View: Close All Editors');
    const dontSave = page.locator('.monaco-dialog-box button', { hasText: /Don.t Save/ });
    if (await dontSave.waitFor({ timeout: 1500 }).then(() => true, () => false)) await dontSave.click();
    await page.locator('.editor-group-container .tab').first().waitFor({ state: 'detached', timeout: 15_000 });
    await this.newChat();
  }

  /** Runs a command from the palette by its full title, e.g. "AIML Claude: Set API Key". */
  async runCommand(title: string): Promise<void> {
    await this.openPalette(title, title);
    await this.page.locator('.quick-input-widget .quick-input-box input').press('Enter');
  }

  /** Opens the command palette on `query` and waits for a row showing `expected`. */
  async openPalette(query: string, expected: string): Promise<void> {
    const { page } = this;
    const input = page.locator('.quick-input-widget .quick-input-box input');
    const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: expected }).first();
    // A palette opened while the workbench is still busy can lose its first keystrokes: try again.
    for (let attempt = 1; ; attempt++) {
      try {
        await page.keyboard.press('F1');
        await input.waitFor({ state: 'visible', timeout: 10_000 });
        // Typed, not filled: newer quick inputs (1.139) filter on key events, not on the value.
        await input.press('Control+A');
        await page.keyboard.type(`>${query}`);
        await row.waitFor({ state: 'visible', timeout: 10_000 });
        return;
      } catch (err) {
        if (attempt >= 3) throw err;
        await page.keyboard.press('Escape');
      }
    }
  }

  /** "AIML Claude: Set API Key" through the palette, as a user does it. */
  async setApiKey(key: string): Promise<void> {
    await this.runCommand('AIML Claude: Set API Key');
    const input = this.apiKeyBox();
    await input.waitFor({ state: 'visible' });
    await input.fill(key);
    await input.press('Enter');
    await this.notification(/API key (saved|replaced)/).first().waitFor({ state: 'visible', timeout: 15_000 });
  }

  /** Opens the chat view and waits for the panel's page to be up. */
  async openChat(): Promise<FrameLocator> {
    await this.runCommand('AIML Claude: Open Chat');
    const frame = this.chatFrame();
    await frame.locator('.composer-input').waitFor({ state: 'visible', timeout: 30_000 });
    return frame;
  }

  quickInput() {
    return this.page.locator('.quick-input-widget');
  }

  /**
   * The key prompt's input. Found by its placeholder, not as "the quick input's input": that is
   * the same element the palette typed into, still shown while the command starts.
   */
  apiKeyBox() {
    return this.quickInput().getByPlaceholder('AI/ML API key');
  }

  /** The notification toasts currently shown. */
  notification(text: string | RegExp) {
    return this.page.locator('.notifications-toasts .notification-toast', { hasText: text });
  }

  /** The chat view's webview document (two nested iframes). */
  chatFrame(): FrameLocator {
    // Only our extension's webview: the walkthrough and other editors render in webviews too.
    return this.page.frameLocator(`iframe.webview.ready[src*="extensionId=${EXTENSION_ID}"]`).frameLocator('iframe#active-frame');
  }

  /** What the system clipboard holds, read in the workbench page (which is then allowed to). */
  async readClipboard(): Promise<string> {
    await this.browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(this.page.url()).origin });
    return this.page.evaluate(() => navigator.clipboard.readText());
  }

  /** Puts `text` on the system clipboard, as another application would. */
  async writeClipboard(text: string): Promise<void> {
    await this.browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(this.page.url()).origin });
    await this.page.evaluate((t) => navigator.clipboard.writeText(t), text);
  }

  /** test-results/screenshots/vscode-<version>/<name>.png: one folder per VS Code version. */
  async screenshot(name: string): Promise<string> {
    const dir = path.join(screenshotsDir, `vscode-${this.run.target.vscodeVersion}`);
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${name.replace(/[^\w.-]+/g, '_')}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /**
   * The language each running extension host of this workbench got (`vscode.env.language` in our
   * extension): its `resolvedLanguage`, read from the VSCODE_NLS_CONFIG the server started it with.
   * Linux only (/proc); the hosts are in the server's process group.
   */
  extensionHostLanguages(): string[] {
    const languages: string[] = [];
    for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        // Fields after the command name: state, ppid, pgrp, …
        const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
        if (pgrp !== this.server.pid) continue;
        if (!fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=extensionHost')) continue;
        const nls = fs
          .readFileSync(`/proc/${pid}/environ`, 'utf8')
          .split('\0')
          .find((e) => e.startsWith('VSCODE_NLS_CONFIG='));
        languages.push(nls ? (JSON.parse(nls.slice('VSCODE_NLS_CONFIG='.length)) as { resolvedLanguage?: string }).resolvedLanguage ?? 'en' : 'en');
      } catch {
        // the process ended while we looked
      }
    }
    return languages;
  }

  /** Every file under the profile's logs folder. */
  logFiles(): string[] {
    const logs = path.join(this.run.userDataDir, 'logs');
    if (!fs.existsSync(logs)) return [];
    return (fs.readdirSync(logs, { recursive: true }) as string[])
      .map((f) => path.join(logs, f))
      .filter((f) => fs.statSync(f).isFile());
  }

  /** The profile's settings files (user, profiles) and the workspace's. */
  settingsFiles(): string[] {
    const user = path.join(this.run.userDataDir, 'User');
    const files = (fs.readdirSync(user, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.json'))
      .map((f) => path.join(user, f));
    const ws = path.join(this.run.workspace, '.vscode', 'settings.json');
    if (fs.existsSync(ws)) files.push(ws);
    return files;
  }

  async stop(): Promise<void> {
    await closeBrowser(this.browser);
    await this.server.stop();
  }
}
