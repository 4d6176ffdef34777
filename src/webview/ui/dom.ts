/** A tiny element builder: attributes as strings, children as nodes or text (never HTML). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | undefined> = {},
  ...children: (Node | string | undefined | false)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) {
    if (c === undefined || c === false) continue;
    el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return el;
}

export function icon(name: string): HTMLElement {
  return h('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
}

/** An icon button with an accessible name and a tooltip. */
export function iconButton(name: string, label: string, attrs: Record<string, string | undefined> = {}): HTMLButtonElement {
  return h('button', { type: 'button', class: 'icon-button', title: label, 'aria-label': label, ...attrs }, icon(name));
}

/**
 * A translated sentence with elements in it ("Type a question below; <kbd>Enter</kbd> sends…"):
 * `{0}`, `{1}`… in the message stand for `nodes`, so a translation can put them where its grammar
 * wants them. Copies are placed, so a translation that uses one twice still shows it twice.
 */
export function withNodes(message: string, ...nodes: Node[]): (Node | string)[] {
  return message
    .split(/(\{\d+\})/)
    .map((part) => {
      const node = /^\{(\d+)\}$/.exec(part) ? nodes[Number(part.slice(1, -1))] : undefined;
      return node ? node.cloneNode(true) : part;
    })
    .filter((part) => part !== '');
}
