import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { useSharedWorkbench } from './support/session';
import { assertNoScriptRan, useBeacon } from './support/xssGuards';

/**
 * Answers built to attack the panel. Every script payload would set `__xss` on some window; every
 * resource payload would fetch from the beacon server. BEACON is replaced by its address.
 */
function payloads(beacon: string): string[] {
  const set = 'window.__xss=1';
  return [
    `<script>${set}</script>`,
    `<img src=x onerror="${set}">`,
    `<svg onload="${set}"></svg>`,
    `<svg><script>${set}</script></svg>`,
    `<iframe src="javascript:parent.__xss=1"></iframe>`,
    `<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>`,
    `<a href="javascript:${set}">raw javascript link</a>`,
    `[md javascript link](javascript:${set})`,
    `[mixed case](JaVaScRiPt:${set})`,
    `[entity encoded](&#106;avascript:${set})`,
    `[tab inside](java\tscript:${set})`,
    `[data html](data:text/html,<script>parent.__xss=1</script>)`,
    `[data base64](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX194c3M9MTwvc2NyaXB0Pg==)`,
    `[vbscript](vbscript:msgbox(1))`,
    `![js image](javascript:${set})`,
    `![remote image](${beacon}/md-image.png)`,
    `<img src="${beacon}/raw-image.png">`,
    `<body onload="${set}">`,
    `<details open ontoggle="${set}"><summary>x</summary></details>`,
    `<input autofocus onfocus="${set}">`,
    `<video><source onerror="${set}"></video>`,
    `<audio src=x onerror="${set}"></audio>`,
    `<object data="javascript:${set}"></object>`,
    `<embed src="javascript:${set}">`,
    `<style>@import '${beacon}/import.css'; body{background:url(${beacon}/bg.png)}</style>`,
    `<div style="background:url(${beacon}/inline-style.png)">styled</div>`,
    `<link rel=stylesheet href="${beacon}/link.css">`,
    `<meta http-equiv="refresh" content="0;url=javascript:${set}">`,
    `<meta http-equiv="refresh" content="0;url=${beacon}/meta-refresh">`,
    `<base href="${beacon}/">`,
    `<form action="${beacon}/form"><button>submit</button></form>`,
    `<math><mtext><table><mglyph><style><img src=x onerror="${set}">`,
    `<noscript><p title="</noscript><img src=x onerror=${set}>">`,
    `<a href="  javascript:${set}">leading spaces</a>`,
    `<marquee onstart="${set}">m</marquee>`,
    `<x onclick="${set}">custom element</x>`,
    `<<script>script>${set}<</script>/script>`,
    `<scr<script>ipt>${set}</scr</script>ipt>`,
    `"><script>${set}</script>`,
    '```html\n<script>' + set + '</script>\n<img src=x onerror="' + set + '">\n```',
    '```"><img src=x onerror=' + set + '>\ncode in a block with a hostile info string\n```',
    '`<img src=x onerror=' + set + '>`',
    `<https://example.com" onmouseover="${set}>`,
    `[title trick](https://example.com "title\\" onmouseover=\\"${set}")`,
    `[reference link][evil]\n\n[evil]: javascript:${set}`,
    `<svg><a xlink:href="javascript:${set}"><text x=20 y=20>svg link</text></a></svg>`,
    `<img src="x" onerror="&#119;indow.__xss=1">`,
    `<iframe src="${beacon}/frame"></iframe>`,
    `<object data="${beacon}/object"></object>`,
    `<img srcset="${beacon}/srcset.png 1x">`,
    `<video poster="${beacon}/poster.png"></video>`,
    `<table background="${beacon}/table.png"><tr><td>t</td></tr></table>`,
    `<svg><animate onbegin="${set}" attributeName=x dur=1s></svg>`,
    `<template><img src=x onerror="${set}"></template>`,
    `| table | cell |\n|---|---|\n| <img src=x onerror="${set}"> | [cell link](javascript:${set}) |`,
    `> quote <script>${set}</script>\n> [quote link](javascript:${set})`,
    `- list <img src=x onerror="${set}">\n- [list link](data:text/html,<script>parent.__xss=1</script>)`,
    `<a href="${beacon}/plain" ping="${beacon}/ping">ping attribute</a>`,
  ];
}

describe('Security: hostile answers render inert in real chromium', function () {
  const session = useSharedWorkbench();
  const beacon = useBeacon();

  it(`renders ${payloads('').length} XSS payloads without running, loading or navigating anything`, async function () {
    const beaconUrl = beacon.url();
    const list = payloads(beaconUrl);
    assert.ok(list.length >= 50);
    const answer = list.map((p, i) => `Payload ${i + 1}:\n\n${p}\n\nEnd of payload ${i + 1}.`).join('\n\n');
    session.api.enqueue({ kind: 'text', text: answer, chunkSize: 23 });

    const navigations: string[] = [];
    const outbound: string[] = [];
    const frame = await session.wb.openChat();
    const framesBefore = new Set<Frame>(session.wb.page.frames());
    session.wb.page.on('framenavigated', (f) => {
      if (framesBefore.has(f)) navigations.push(f.url());
    });
    session.wb.page.on('request', (r) => {
      if (r.url().startsWith(beaconUrl) || r.url().startsWith('javascript:') || r.url().startsWith('data:text/html')) outbound.push(r.url());
    });

    await frame.locator('.composer-input').fill('Show me the payloads');
    await frame.locator('.composer-input').press('Enter');
    const body = frame.locator('.message.assistant .markdown').last();
    await frame.locator('.message.assistant .usage').last().waitFor({ timeout: 30_000 });
    await body.getByText(`End of payload ${list.length}.`).waitFor();

    // Click every link and every element a payload could have attached a handler to.
    const links = body.locator('a');
    const count = await links.count();
    for (let i = 0; i < count; i++) {
      const href = (await links.nth(i).getAttribute('href')) ?? '';
      // Web links would open a browser tab through the host on click: that is the intended path,
      // not an escape from the panel, so they are not clicked here.
      if (/^https?:/i.test(href)) continue;
      await links.nth(i).click({ timeout: 2000 }).catch(() => undefined);
    }
    await body.getByText('custom element').first().click().catch(() => undefined);
    await body.getByText('styled').first().hover().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 1500));

    await assertNoScriptRan(session.wb.page);
    assert.deepEqual(beacon.hits, [], 'no request reached the beacon server');
    assert.deepEqual(outbound, [], 'no request left the webview');
    assert.deepEqual(navigations, [], 'no frame navigated');

    const dangerous = await body.evaluate((el) => {
      const bad: string[] = [];
      for (const n of el.querySelectorAll('*')) {
        const tag = n.tagName.toLowerCase();
        if (['script', 'iframe', 'object', 'embed', 'svg', 'math', 'style', 'link', 'meta', 'base', 'form', 'input', 'img', 'video', 'audio', 'template'].includes(tag)) bad.push(tag);
        for (const a of n.getAttributeNames()) {
          if (a.startsWith('on') || a === 'style' || a === 'srcdoc' || a === 'srcset' || a === 'ping' || a === 'background') bad.push(`${tag}[${a}]`);
          if ((a === 'href' || a === 'src' || a === 'data-href') && !/^(https?:|mailto:|#|[^:]*$)/i.test(n.getAttribute(a) ?? '')) bad.push(`${tag}[${a}=${n.getAttribute(a)}]`);
        }
      }
      return bad;
    });
    assert.deepEqual(dangerous, [], 'no dangerous element or attribute survived sanitising');
    // The raw HTML shows as text, so the user can see what the model wrote.
    assert.ok((await body.innerText()).includes('<script>'));
    await session.wb.screenshot('xss-answer-dark');
  });
});
