// What "inert" means for a rendered answer, checked on the DOM (works in happy-dom and in a
// browser, so the end-to-end test can bundle it too).

const ALLOWED_TAGS = new Set([
  'a', 'blockquote', 'br', 'button', 'code', 'del', 'div', 'em', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'hr', 'li', 'ol', 'p', 'pre', 's', 'span', 'strong', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul',
]);
const ALLOWED_ATTRS = new Set([
  'aria-hidden', 'aria-label', 'class', 'data-action', 'data-block-index', 'data-href', 'data-lang',
  'href', 'role', 'start', 'title', 'type',
]);
const ACTIONS = new Set(['copy', 'insert', 'apply', 'open']);

/** Whether a link target is one the panel may offer: http(s), mailto, or a workspace path. */
function allowedTarget(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value, 'https://workspace.invalid/base/');
  } catch {
    return false;
  }
  if (url.protocol === 'mailto:') return true;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  // A relative target must stay relative: "//host" and "\\host" resolve to another host.
  const relative = !/^[a-z][a-z0-9+.-]*:/i.test(value.trim());
  return !relative || url.host === 'workspace.invalid';
}

/** Every way `root`'s content is not inert; empty when it is. */
export function inertnessProblems(root: ParentNode): string[] {
  const problems: string[] = [];
  for (const el of Array.from(root.querySelectorAll('*'))) {
    const tag = el.localName;
    if (!ALLOWED_TAGS.has(tag)) problems.push(`element <${tag}>`);
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      if (!ALLOWED_ATTRS.has(name)) problems.push(`<${tag} ${name}="${attr.value}">`);
      if (name.startsWith('on')) problems.push(`<${tag}> event handler ${name}`);
      if ((name === 'href' || name === 'data-href') && !allowedTarget(attr.value)) problems.push(`<${tag} ${name}="${attr.value}">`);
    }
    if (tag === 'button') {
      if (el.getAttribute('type') !== 'button') problems.push('<button> without type="button"');
      if (!ACTIONS.has(el.getAttribute('data-action') ?? '')) problems.push(`<button data-action="${el.getAttribute('data-action') ?? ''}">`);
    }
    if (tag !== 'button' && el.hasAttribute('type')) problems.push(`<${tag} type>`);
  }
  return problems;
}
