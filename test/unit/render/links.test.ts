import assert from 'node:assert/strict';
import { ALLOWED_URI_REGEXP, isAllowedUrl } from '../../../src/core/markdown/links';

const ALLOWED = [
  'https://example.com', 'http://example.com/a?b=c#d', 'HTTPS://EXAMPLE.COM', 'mailto:a@b.co',
  'src/extension.ts', './a.ts', '../b/c.md', '/abs/path.ts', '#section', 'file.ts#L10', 'a:b/c'.replace('a:b', 'a/b:c'),
];
const REFUSED = [
  '', 'javascript:alert(1)', 'JavaScript:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)',
  'java\nscript:alert(1)', '\u0000javascript:alert(1)', 'vbscript:msgbox(1)', 'data:text/html,x',
  'data:image/png;base64,AAAA', 'file:///etc/passwd', '//evil.example/x', '\\\\evil.example\\x',
  '/\\evil.example', 'ftp://example.com', 'command:workbench.action.quit', 'vscode://settings',
];

describe('links: the allow-list for link targets', () => {
  for (const url of ALLOWED) it(`allows ${JSON.stringify(url)}`, () => assert.equal(isAllowedUrl(url), true));
  for (const url of REFUSED) it(`refuses ${JSON.stringify(url)}`, () => assert.equal(isAllowedUrl(url), false));

  it('the DOMPurify regexp agrees with isAllowedUrl on every case but the empty string', () => {
    for (const url of [...ALLOWED, ...REFUSED]) {
      if (url === '') continue;
      // DOMPurify removes whitespace and control characters before testing, as a browser would.
      // eslint-disable-next-line no-control-regex
      const compact = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
      assert.equal(ALLOWED_URI_REGEXP.test(compact), isAllowedUrl(url), url);
    }
  });
});
