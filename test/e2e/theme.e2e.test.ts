import * as assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import { useWorkbench } from './support/session';

const KEY = 'e2e-theme-key-1c2d3e4f5a6b';

/** WCAG contrast ratio of two CSS rgb()/rgba() colours (alpha composited on the second). */
function contrast(fg: string, bg: string): number {
  const parse = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
  const [br = 0, bgG = 0, bb = 0] = parse(bg);
  const [r = 0, g = 0, b = 0, a = 1] = parse(fg);
  const mix = (x: number, y: number) => x * a + y * (1 - a);
  const lum = (rgb: number[]) => {
    const [R, G, B] = rgb.map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * R! + 0.7152 * G! + 0.0722 * B!;
  };
  const L1 = lum([mix(r, br), mix(g, bgG), mix(b, bb)]);
  const L2 = lum([br, bgG, bb]);
  return (Math.max(L1, L2) + 0.05) / (Math.min(L1, L2) + 0.05);
}

/** The text colour of the first element matching, against the first opaque background up the tree. */
async function colours(frame: FrameLocator, selector: string): Promise<{ fg: string; bg: string }> {
  return frame
    .locator(selector)
    .first()
    .evaluate((el) => {
      const fg = getComputedStyle(el).color;
      let n: Element | null = el;
      let bg = 'rgb(255, 255, 255)';
      while (n) {
        const c = getComputedStyle(n).backgroundColor;
        if (c && c !== 'transparent' && !/rgba\([^)]*,\s*0\)$/.test(c)) {
          bg = c;
          break;
        }
        n = n.parentElement;
      }
      return { fg, bg };
    });
}

// The two default themes and the two high contrast ones, which draw edges instead of shades.
const THEMES = [
  { name: 'light', colorScheme: 'light', theme: 'Default Light Modern' },
  { name: 'dark', colorScheme: 'dark', theme: 'Default Dark Modern' },
  { name: 'high-contrast-dark', colorScheme: 'dark', theme: 'Default High Contrast' },
  { name: 'high-contrast-light', colorScheme: 'light', theme: 'Default High Contrast Light' },
] as const;

// One workbench for the four, switched in place as a user does (a fresh workbench per theme costs
// a start-up each); a new conversation per theme, so each answer is drawn in its theme.
describe('Chat panel in each theme', function () {
  const session = useWorkbench('e2e-theme', { key: KEY, colorScheme: THEMES[0].colorScheme, theme: THEMES[0].theme });

  for (const [index, { name: scheme, colorScheme, theme }] of THEMES.entries()) {
    describe(`the ${scheme} theme`, function () {
      before(async function () {
        if (index > 0) await session.wb.setTheme(theme, colorScheme);
        const frame = index > 0 ? await session.wb.newChat() : await session.wb.openChat();
        // The panel wears the theme too: VS Code's class on its body names the kind.
        const bodyClass = colorScheme === 'light' ? (scheme.startsWith('high') ? 'vscode-high-contrast-light' : 'vscode-light') : scheme.startsWith('high') ? 'vscode-high-contrast' : 'vscode-dark';
        await frame.locator(`body.${bodyClass}`).waitFor({ timeout: 15_000 });
      });

      it('answer text, code, usage and errors are readable (WCAG AA contrast)', async function () {
        const frame = session.wb.chatFrame();
        session.api.enqueue({
          kind: 'text',
          text: 'Use a **reduce**:\n\n```ts\nexport const total = (items: Item[]) =>\n  items.reduce((sum, i) => sum + i.price * i.qty, 0);\n```\n\nIt avoids the index variable. See `total()` in [sample.ts](src/sample.ts).',
          usage: { prompt_tokens: 120, completion_tokens: 48, total_tokens: 168 },
        });
        await frame.locator('.composer-input').fill('Make total() shorter');
        await frame.locator('.composer-input').press('Enter');
        await frame.locator('.message.assistant .usage').first().waitFor({ timeout: 20_000 });
        session.api.enqueue({ kind: 'error', status: 403, message: 'Insufficient credits' });
        await frame.locator('.composer-input').fill('And the rest?');
        await frame.locator('.composer-input').press('Enter');
        await frame.locator('.message.assistant').nth(1).locator('.error-box').waitFor({ timeout: 20_000 });

        const checks: [string, number][] = [
          ['.message.assistant .markdown p', 4.5],
          ['.message.assistant .markdown pre code', 4.5],
          ['.message.assistant .markdown p code', 4.5],
          ['.message.assistant .message-header', 4.5],
          ['.message.user .user-text', 4.5],
          ['.message.assistant .usage', 3],
          ['.message.assistant .error-text', 4.5],
          ['.composer-input', 4.5],
        ];
        const failures: string[] = [];
        for (const [sel, min] of checks) {
          const { fg, bg } = await colours(frame, sel);
          const ratio = contrast(fg, bg);
          if (ratio < min) failures.push(`${sel}: ${ratio.toFixed(2)} (${fg} on ${bg}) < ${min}`);
        }
        assert.deepEqual(failures, []);
        if (scheme.startsWith('high-contrast')) {
          // The theme really is a high contrast one in the panel, and the code block is edged.
          assert.match((await frame.locator('body').getAttribute('class')) ?? '', /vscode-high-contrast/);
          const edge = await frame.locator('.message.assistant .code-block').first().evaluate((el) => getComputedStyle(el).borderTopStyle);
          assert.equal(edge, 'solid', 'code blocks have a border in high contrast');
        }
        assert.match(await frame.locator('.message.assistant').nth(1).locator('.error-text').innerText(), /credit/i);
        await session.wb.screenshot(`chat-panel-${scheme}`);
      });

      it('the composer and its buttons are reachable and labelled for the keyboard', async function () {
        const frame = session.wb.chatFrame();
        await frame.locator('.composer-input').focus();
        const labels = await frame.locator('.attach-bar button:visible').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
        assert.ok(labels.length >= 4, labels.join(', '));
        assert.ok(labels.every((l) => l.length > 0), 'every button has an accessible name');
        const codeButtons = await frame.locator('.code-block button').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
        assert.deepEqual(codeButtons.map((l) => l.replace(/ code block \d+ \([^)]*\)$/, '')), ['Copy', 'Insert at cursor', 'Apply to selection', 'Open in new editor']);
      });
    });
  }
});
