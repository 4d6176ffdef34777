import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Project instructions: what a repository tells coding assistants about itself (conventions, how
 * to build and test, what not to touch), in the files the common assistants read, plus the user's
 * own `aimlClaude.instructions`. They go into the system prompt of every job.
 */

/** Files read at each workspace folder's root, in this order. */
export const INSTRUCTION_FILES: readonly string[] = ['AGENTS.md', 'CLAUDE.md', '.github/copilot-instructions.md'];

/** A file longer than this is cut (at a line end), with a note saying so. */
export const INSTRUCTIONS_MAX_BYTES = 32 * 1024;

export interface Instructions {
  /** Where they came from: a file's workspace-relative path ("AGENTS.md"), or "settings". */
  readonly source: string;
  /** Absolute path of the file (undefined for the setting). */
  readonly file?: string;
  readonly text: string;
  /** The file's full size when it was cut to INSTRUCTIONS_MAX_BYTES; undefined when whole. */
  readonly cutFromBytes?: number;
}

export interface InstructionRoot {
  readonly name: string;
  readonly path: string;
}

/**
 * Reads the instruction files that exist at the roots (in root order, then file order). In a
 * multi-root workspace a file's source names its folder ("api/AGENTS.md"). Unreadable or empty
 * files are left out; a file that is not UTF-8 text is read as such anyway (it is the user's).
 */
export async function readInstructionFiles(roots: readonly InstructionRoot[]): Promise<Instructions[]> {
  const out: Instructions[] = [];
  for (const root of roots) {
    for (const rel of INSTRUCTION_FILES) {
      const file = path.join(root.path, ...rel.split('/'));
      let data: Buffer;
      try {
        const stat = await fs.stat(file);
        if (!stat.isFile()) continue;
        data = await readHead(file, INSTRUCTIONS_MAX_BYTES + 1);
        const source = roots.length > 1 ? `${root.name}/${rel}` : rel;
        const item = fromText(source, data, stat.size, file);
        if (item) out.push(item);
      } catch {
        // Missing or unreadable: nothing to follow.
      }
    }
  }
  return out;
}

/** The user's own instructions from the settings, when there are any. */
export function settingInstructions(text: string | undefined): Instructions | undefined {
  const trimmed = text?.trim();
  if (!trimmed) return undefined;
  return fromText('settings', Buffer.from(trimmed, 'utf8'), Buffer.byteLength(trimmed, 'utf8'));
}

function fromText(source: string, data: Buffer, size: number, file?: string): Instructions | undefined {
  let text: string;
  let cutFromBytes: number | undefined;
  if (size > INSTRUCTIONS_MAX_BYTES || data.length > INSTRUCTIONS_MAX_BYTES) {
    const head = data.subarray(0, INSTRUCTIONS_MAX_BYTES).toString('utf8');
    // Cut at the last line end (and never in the middle of a character).
    const end = head.lastIndexOf('\n');
    text = (end > 0 ? head.slice(0, end) : head.replace(/\uFFFD$/, '')).trimEnd();
    cutFromBytes = size;
  } else {
    text = data.toString('utf8').trim();
  }
  if (text === '') return undefined;
  return { source, ...(file ? { file } : {}), text, ...(cutFromBytes !== undefined ? { cutFromBytes } : {}) };
}

async function readHead(file: string, bytes: number): Promise<Buffer> {
  const handle = await fs.open(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * The system prompt's section for them. They are the developer's (or their project's) standing
 * wishes, so they are followed — but they sit below the rules about workspace material: a
 * repository's instructions file is not a channel for code comments to give orders.
 */
export function instructionsSection(list: readonly Instructions[]): string {
  if (list.length === 0) return '';
  const blocks = list.map((i) => {
    const note = i.cutFromBytes !== undefined ? `\n[Cut: the file is ${Math.round(i.cutFromBytes / 1024)} KB; only its first ${INSTRUCTIONS_MAX_BYTES / 1024} KB are shown.]` : '';
    const from = i.source === 'settings' ? "the developer's settings" : i.source;
    return `<instructions source="${escapeAttr(from)}">\n${i.text}${note}\n</instructions>`;
  });
  return [
    "Project instructions follow: the developer's standing instructions for work in this workspace. Follow them where they apply,",
    'unless the developer asks otherwise in the conversation.',
    '',
    ...blocks,
  ].join('\n');
}

function escapeAttr(s: string): string {
  return s.replace(/[&"<>]/g, (c) => ({ '&': '&amp;', '"': '&quot;', '<': '&lt;', '>': '&gt;' })[c] as string);
}
