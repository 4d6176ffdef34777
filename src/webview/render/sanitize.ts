// DOMPurify over markdown-it's output. markdown-it with html:false cannot emit raw HTML, so this is
// the second wall: an allow-list of exactly the elements and attributes our renderer produces,
// URLs checked again, nothing that runs code, loads anything, or styles the page.
import DOMPurify from 'dompurify';
import { ALLOWED_URI_REGEXP, isAllowedUrl } from '../../core/markdown/links';

const ALLOWED_TAGS = [
  // 'body' is the root DOMPurify parses into; without it DOMPurify treats the root as disallowed
  // and deep-clones all its content once more. Only body's children are ever returned.
  'body',
  'a', 'blockquote', 'br', 'button', 'code', 'del', 'div', 'em', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'hr', 'li', 'ol', 'p', 'pre', 's', 'span', 'strong', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul',
];
const ALLOWED_ATTR = [
  'aria-hidden', 'aria-label', 'class', 'data-action', 'data-block-index', 'data-href', 'data-lang',
  'href', 'role', 'start', 'title', 'type',
];
// Not in the allow-list anyway; listed so a future edit of ALLOWED_TAGS cannot let them in.
const FORBID_TAGS = [
  'base', 'embed', 'form', 'iframe', 'img', 'input', 'link', 'math', 'meta', 'object', 'script',
  'style', 'svg', 'template',
];
const FORBID_ATTR = ['style', 'target', 'src', 'srcset', 'action', 'formaction'];
const CODE_ACTIONS = new Set(['copy', 'insert', 'apply', 'open']);

type Purifier = ReturnType<typeof DOMPurify>;

// One purifier per window: tests run several happy-dom windows, the webview has one.
const purifiers = new WeakMap<object, Purifier>();

function purifierFor(doc: Document): Purifier {
  const win = doc.defaultView;
  if (!win) throw new Error('sanitize: the document has no window');
  let purifier = purifiers.get(win);
  if (purifier) return purifier;
  purifier = DOMPurify(win);
  // setConfig once: passing the config on every call makes DOMPurify rebuild its tables each time,
  // which would dominate the cost of rendering a streaming tail.
  purifier.setConfig({
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    FORBID_TAGS,
    FORBID_ATTR,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    ALLOW_UNKNOWN_PROTOCOLS: false,
    ALLOWED_URI_REGEXP,
    RETURN_DOM_FRAGMENT: true,
  });
  // Buttons are allowed for the code-block actions only. markdown-it (html: false) cannot emit one,
  // so any other button came from elsewhere: drop it.
  purifier.addHook('uponSanitizeElement', (node, data) => {
    if (data.tagName !== 'button') return;
    const el = node as Element;
    const ours = el.getAttribute('type') === 'button' && CODE_ACTIONS.has(el.getAttribute('data-action') ?? '');
    if (!ours) node.parentNode?.removeChild(node);
  });
  purifier.addHook('uponSanitizeAttribute', (node, data) => {
    const name = data.attrName;
    if (name === 'href' || name === 'data-href') {
      if (!isAllowedUrl(data.attrValue)) data.keepAttr = false;
    } else if (name === 'type') {
      // Only our own code-block buttons carry a type, and only the inert one.
      if (node.nodeName !== 'BUTTON' || data.attrValue !== 'button') data.keepAttr = false;
    }
  });
  purifiers.set(win, purifier);
  return purifier;
}

/** Sanitised DOM of `html`, owned by `doc`'s window, ready to be appended. */
export function sanitizeToFragment(html: string, doc: Document = document): DocumentFragment {
  // With setConfig in force the per-call config is ignored; it is passed for the return type.
  return purifierFor(doc).sanitize(html, { RETURN_DOM_FRAGMENT: true });
}

/** Serialise DOM nodes the way the browser would in innerHTML. */
export function serializeNodes(nodes: DocumentFragment, doc: Document = document): string {
  const holder = doc.createElement('div');
  holder.appendChild(nodes);
  return holder.innerHTML;
}

/** Sanitised HTML of `html`, as a string. */
export function sanitizeHtml(html: string, doc: Document = document): string {
  return serializeNodes(sanitizeToFragment(html, doc), doc);
}

// Table parts are dropped by the HTML parser outside a table: parse them inside what holds them.
const TABLE_CONTEXT: Record<string, readonly string[]> = {
  table: ['table'],
  thead: ['table', 'thead'],
  tbody: ['table', 'tbody'],
  tr: ['table', 'tbody', 'tr'],
};

/** Sanitised nodes of `html`, parsed as the children of a `parentTag` element; null on surprise. */
export function sanitizeInside(parentTag: string, html: string, doc: Document = document): DocumentFragment | null {
  if (html === '') return doc.createDocumentFragment();
  const wrappers = TABLE_CONTEXT[parentTag];
  if (!wrappers) return sanitizeToFragment(html, doc);
  let node: ParentNode = sanitizeToFragment(wrappers.map((w) => `<${w}>`).join('') + html, doc);
  for (const wrapper of wrappers) {
    const next: Element | null = node.lastElementChild;
    if (!next || next.localName !== wrapper) return null;
    node = next;
  }
  const fragment = doc.createDocumentFragment();
  fragment.append(...Array.from(node.childNodes));
  return fragment;
}
