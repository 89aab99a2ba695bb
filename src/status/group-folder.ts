import { join } from 'node:path';

/**
 * `<dataDir>/<group>`, the folder the readers and the watch take. Throws a RangeError for a group
 * name that would lead out of `dataDir` (it comes from configuration, a mistake is worth a crash at startup).
 */
export function groupStatusFolder(dataDir: string, group: string): string {
  if (group === '' || group === '.' || group === '..' || /[/\\\0]/.test(group)) {
    throw new RangeError(`a chat group name is one folder name, not ${JSON.stringify(group)}`);
  }
  return join(dataDir, group);
}
