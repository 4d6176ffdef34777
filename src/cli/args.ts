/**
 * The command line, parsed by hand (node:util's parseArgs echoes `--flag=value` back in its
 * errors, and a mistyped key flag must never be printed): `COMMAND [ARGS] [OPTIONS]`, options
 * before or after the arguments, `--opt value` or `--opt=value`, `--` ends the options.
 * Values are checked in options.ts; this file only knows the shape.
 */
import { usageError } from './errors';

export const COMMANDS = ['chat', 'explain', 'refactor'] as const;
export type CommandName = (typeof COMMANDS)[number];

/** Options that take a value, by flag. */
const VALUE_FLAGS = {
  '--model': 'model',
  '--base-url': 'baseUrl',
  '--max-tokens': 'maxTokens',
  '--temperature': 'temperature',
  '--system': 'system',
  '--max-retries': 'maxRetries',
  '--timeout': 'timeout',
  '--instruction': 'instruction',
  '--root': 'root',
  '--max-tool-rounds': 'maxToolRounds',
} as const;

type ValueFlag = keyof typeof VALUE_FLAGS;
export type RawOptionName = (typeof VALUE_FLAGS)[ValueFlag];
export type RawOptions = Partial<Record<RawOptionName, string>>;

const BOOLEAN_FLAGS = ['--json', '--write', '--help', '-h', '--version', '--tools', '--edits', '--no-instructions'] as const;

/** Flags people try for the key. Refused: a key on the command line ends up in shell history and `ps`. */
const KEY_FLAG = /^--?(api[-_]?key|key|token|auth|authorization|bearer)$/i;

export type ParsedArgs =
  | { kind: 'help' }
  | { kind: 'version' }
  | {
      kind: 'run';
      command: CommandName;
      positionals: string[];
      options: RawOptions;
      json: boolean;
      write: boolean;
      /** chat: Claude may read the workspace (--root) with tools. */
      tools: boolean;
      /** chat --tools: and propose edits (printed as a diff; written with --write). */
      edits: boolean;
      /** Read AGENTS.md, CLAUDE.md, .github/copilot-instructions.md from the working directory. */
      instructions: boolean;
    };

/** Whether the command line asks for JSON output (known even when parsing fails, so that failure is JSON too). */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  const options: RawOptions = {};
  const flags = new Set<string>();
  let onlyPositionals = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (onlyPositionals || arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPositionals = true;
      continue;
    }
    const eq = arg.indexOf('=');
    // Only the flag's name is ever echoed: what follows `=` may be a secret.
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (KEY_FLAG.test(name)) {
      throw usageError(`${name} is not accepted: the API key is read from the AIML_API_KEY environment variable only (a key on the command line ends up in shell history and process lists).`);
    }
    if (name in VALUE_FLAGS) {
      let value: string | undefined;
      if (eq !== -1) {
        value = arg.slice(eq + 1);
      } else {
        const next = argv[i + 1];
        if (next === undefined || next.startsWith('--')) throw usageError(`${name} needs a value (use ${name}=VALUE for a value starting with --).`);
        value = next;
        i++;
      }
      options[VALUE_FLAGS[name as ValueFlag]] = value;
      continue;
    }
    if ((BOOLEAN_FLAGS as readonly string[]).includes(name)) {
      if (eq !== -1) throw usageError(`${name} takes no value.`);
      flags.add(name);
      continue;
    }
    throw usageError(`Unknown option ${name}; see aiml-claude --help.`);
  }

  if (flags.has('--help') || flags.has('-h')) return { kind: 'help' };
  if (flags.has('--version')) return { kind: 'version' };

  const [command, ...rest] = positionals;
  if (command === undefined) throw usageError('No command given: use chat, explain or refactor (see aiml-claude --help).');
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw usageError(`Unknown command “${command}”: use chat, explain or refactor (see aiml-claude --help).`);
  }
  const cmd = command as CommandName;
  const tools = flags.has('--tools');
  const edits = flags.has('--edits');
  if (cmd !== 'refactor') {
    if (options.instruction !== undefined) throw usageError(`--instruction applies to refactor only.`);
    if (flags.has('--write') && !edits) throw usageError(`--write applies to refactor, and to chat --tools --edits.`);
  }
  if (cmd !== 'chat') {
    for (const flag of ['--tools', '--edits'] as const) if (flags.has(flag)) throw usageError(`${flag} applies to chat only.`);
  }
  if (!tools) {
    if (edits) throw usageError('--edits needs --tools (Claude reads the files it edits).');
    if (options.root !== undefined) throw usageError('--root applies to chat --tools only.');
    if (options.maxToolRounds !== undefined) throw usageError('--max-tool-rounds applies to chat --tools only.');
  }
  if (cmd !== 'chat' && rest.length !== 1) {
    throw usageError(
      rest.length === 0 ? `${cmd} needs a file: aiml-claude ${cmd} FILE[:START[-END]].` : `${cmd} takes one file, got ${rest.length} arguments.`,
    );
  }
  if (cmd === 'refactor' && (options.instruction === undefined || options.instruction.trim() === '')) {
    throw usageError('refactor needs --instruction TEXT saying what to change.');
  }
  return {
    kind: 'run',
    command: cmd,
    positionals: rest,
    options,
    json: flags.has('--json'),
    write: flags.has('--write'),
    tools,
    edits,
    instructions: !flags.has('--no-instructions'),
  };
}
