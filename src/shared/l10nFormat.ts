/**
 * Fills `{0}`, `{1}`… in a message, the way `vscode.l10n.t` does, for the code that cannot call it:
 * the webview (its strings come from the host's bundle, see docs/localization.md) and src/core
 * (the CLI has no bundle; the extension passes its translator in).
 */
export type L10nArg = string | number | boolean;

export function formatMessage(message: string, args: readonly L10nArg[]): string {
  if (args.length === 0) return message;
  return message.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? whole : String(value);
  });
}
