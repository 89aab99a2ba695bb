/** Why the file system refused an audit write, as a phrase an operator can act on. */

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'its folder no longer exists',
  ENOTDIR: 'a part of its path is not a folder',
  EISDIR: 'the path is a folder',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EIO: 'an input/output error',
};

export function describeFsError(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  if (typeof code !== 'string') return error instanceof Error ? error.message : String(error);
  return `${REASONS[code] ?? 'the file system refused'} (${code})`;
}
