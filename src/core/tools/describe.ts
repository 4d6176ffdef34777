import { code } from './types';

/**
 * The line a step shows while its tool runs ("Reading `src/a.ts`…"), from the arguments as the
 * model sent them (which may be anything: they are checked when the tool runs, not here).
 */
export function runningSummary(name: string, args: unknown): string {
  const a = typeof args === 'object' && args !== null ? (args as Record<string, unknown>) : {};
  const str = (k: string): string | undefined => (typeof a[k] === 'string' && a[k] !== '' ? (a[k] as string) : undefined);
  switch (name) {
    case 'read_file':
      return `Reading ${str('path') ? code(str('path') as string) : 'a file'}…`;
    case 'list_files':
      return `Listing files${str('glob') ? ` matching ${code(str('glob') as string)}` : ''}…`;
    case 'search_text':
      return `Searching ${str('query') ? code(str('query') as string, 60) : 'the workspace'}${str('glob') ? ` in ${code(str('glob') as string)}` : ''}…`;
    case 'find_symbol':
      return `Finding symbol ${str('name') ? code(str('name') as string) : ''}…`;
    case 'get_problems':
      return `Reading the problems${str('path') ? ` of ${code(str('path') as string)}` : ''}…`;
    case 'edit_file':
      return `Editing ${str('path') ? code(str('path') as string) : 'a file'}…`;
    case 'create_file':
      return `Creating ${str('path') ? code(str('path') as string) : 'a file'}…`;
    default:
      return `Calling ${code(name || 'a tool')}…`;
  }
}
