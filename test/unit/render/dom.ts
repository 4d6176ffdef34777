// A happy-dom window the renderer can run in, for the unit tests.
import { Window } from 'happy-dom';

const patched = new WeakSet<object>();

/**
 * happy-dom's getters for nodeName and textContent on Node.prototype return "" (its subclasses
 * override them), and DOMPurify reads those through Node.prototype, as it must in a browser to
 * defeat DOM clobbering. Make the Node.prototype getters dispatch to the subclass, like a browser.
 */
function dispatchNodeGetters(nodeProto: object): void {
  if (patched.has(nodeProto)) return;
  patched.add(nodeProto);
  for (const name of ['nodeName', 'textContent']) {
    const base = Object.getOwnPropertyDescriptor(nodeProto, name);
    const baseGet = base?.get;
    if (!base || !baseGet) continue;
    // The subclass getter for each prototype, looked up once (this runs for every node visited).
    const found = new WeakMap<object, (() => unknown) | null>();
    Object.defineProperty(nodeProto, name, {
      configurable: true,
      enumerable: base.enumerable ?? false,
      set: base.set,
      get(this: object): unknown {
        const start = Object.getPrototypeOf(this) as object;
        let getter = found.get(start);
        if (getter === undefined) {
          getter = null;
          for (let proto: object | null = start; proto && proto !== nodeProto; proto = Object.getPrototypeOf(proto) as object | null) {
            const own = Object.getOwnPropertyDescriptor(proto, name)?.get;
            if (own) {
              getter = own as () => unknown;
              break;
            }
          }
          found.set(start, getter);
        }
        return (getter ?? baseGet).call(this);
      },
    });
  }
}

export interface TestDom {
  readonly window: Window;
  readonly document: Document;
  /** A fresh, empty container in the document's body. */
  container(): HTMLElement;
  close(): void;
}

export function createDom(): TestDom {
  const window = new Window({ url: 'https://webview.invalid/' });
  dispatchNodeGetters(window.Node.prototype);
  const document = window.document as unknown as Document;
  return {
    window,
    document,
    container() {
      const div = document.createElement('div');
      document.body.appendChild(div);
      return div;
    },
    close() {
      void window.happyDOM.close();
    },
  };
}
