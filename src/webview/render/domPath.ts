// Finding the open elements of the streaming tail's DOM. markdown-it writes "\n" between block
// tags, so the element a still-open block renders to is the last element at each level, with
// only whitespace text after it.

function isBlankText(node: Node): boolean {
  return node.nodeType === 3 && /^\s*$/.test(node.textContent ?? '');
}

/** The last element among `nodes`, past trailing whitespace text; null if other content trails. */
export function lastElement(nodes: ArrayLike<Node>): Element | null {
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i];
    if (!node || isBlankText(node)) continue;
    return node.nodeType === 1 ? (node as Element) : null;
  }
  return null;
}

/** The open element at `path` (tags, outermost first) below `nodes`, or null if the DOM differs. */
export function elementAt(nodes: ArrayLike<Node>, path: readonly string[]): Element | null {
  let element: Element | null = null;
  let level: ArrayLike<Node> = nodes;
  for (const tag of path) {
    element = lastElement(level);
    if (!element || element.localName !== tag) return null;
    level = element.childNodes;
  }
  return element;
}
