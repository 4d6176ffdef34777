import picomatch from 'picomatch';

/**
 * Files the tools never read, list or search, whatever the model asks: secrets that commonly sit
 * in a working tree, and git's own folder. The user adds globs with `aimlClaude.tools.exclude`.
 * Matching ignores case: on case-insensitive file systems `.ENV` is `.env`, and on the others a
 * file so named is still a secret.
 */
export const DEFAULT_DENY_GLOBS: readonly string[] = ['.env*', '*.pem', '*.key', 'id_rsa*', '.npmrc', '.netrc', '.git'];

export type PathMatcher = (relativePath: string) => boolean;

/**
 * A matcher over workspace-relative POSIX paths. A glob without a slash matches a name at any
 * depth (as in .gitignore); any glob also covers everything below a folder it matches, so `.git`
 * excludes `.git/config` and `secrets/**` excludes `secrets/a/b`.
 */
export function denyMatcher(extraGlobs: readonly string[] = []): PathMatcher {
  const globs = [...DEFAULT_DENY_GLOBS, ...extraGlobs.map((g) => g.trim()).filter((g) => g.length > 0)];
  const patterns = globs.flatMap((g) => {
    const clean = g.replace(/^\.\//, '').replace(/\/+$/, '');
    const rooted = clean.startsWith('/');
    const body = rooted ? clean.slice(1) : clean;
    const anyDepth = !rooted && !body.includes('/') && !body.startsWith('**');
    const base = anyDepth ? `**/${body}` : body;
    return [base, `${base}/**`];
  });
  const isMatch = picomatch(patterns, { dot: true, nocase: true });
  return (relativePath) => {
    const p = relativePath.replace(/\\/g, '/').replace(/^\.\//, '');
    return p !== '' && isMatch(p);
  };
}
