import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { TEMP_FILE_NAME, writeFileAtomically } from '../files/write-file-atomically.ts';
import type { GroupChanges, GroupStatus } from './group-status.ts';

/**
 * Keeps `<dataDir>/<group>/online.txt` and `room_<id>.txt` in step with the chat, as the real
 * server does: `online.txt` holds `connections|logged-in|rooms`, each room file its users, one per
 * line (LF). Every file is replaced atomically; a deleted room's file is removed. Changes are
 * coalesced: a burst of changes costs one pass, which always writes the latest state.
 */

const ONLINE_FILE = 'online.txt';
const ROOM_FILE = /^room_[0-9]+\.txt$/;

function roomFileName(roomId: number): string {
  return `room_${roomId}.txt`;
}

function formatOnlineFile(online: GroupStatus['online']): string {
  return `${online.connections}|${online.loggedIn}|${online.rooms}\n`;
}

function formatRoomFile(users: readonly string[]): string {
  return users.map((user) => `${user}\n`).join('');
}

export interface StatusWriterSettings {
  readonly dataDir: string;
  readonly statusOf: (group: string) => GroupStatus;
  /** What changed since a revision; without it, each pass looks at every room of the group. */
  readonly changesOf?: (group: string, revision: number | undefined) => GroupChanges;
  readonly onError: (group: string, error: unknown) => void;
}

export class StatusWriter {
  private readonly dirty = new Set<string>();
  /** What each group's folder holds, by file name, as this writer last wrote it. */
  private readonly onDisk = new Map<string, Map<string, string>>();
  /** Per group, the revision its files were last written at (absent: look at every file). */
  private readonly revisions = new Map<string, number>();
  private pass: Promise<void> | undefined;

  constructor(private readonly settings: StatusWriterSettings) {}

  folderOf(group: string): string {
    return join(this.settings.dataDir, group);
  }

  /**
   * Creates each group's folder and clears out room files and temp files an earlier run left,
   * so the folder shows this run's rooms only; then writes every file.
   */
  async prepare(groups: readonly string[]): Promise<void> {
    for (const group of groups) {
      const folder = this.folderOf(group);
      await mkdir(folder, { recursive: true });
      for (const name of await readdir(folder)) {
        if (ROOM_FILE.test(name) || TEMP_FILE_NAME.test(name)) await rm(join(folder, name), { force: true });
      }
      this.onDisk.set(group, new Map());
      this.markChanged(group);
    }
    await this.flush();
  }

  markChanged(group: string): void {
    this.dirty.add(group);
    this.pass ??= this.writeDirtyGroups();
  }

  /** Resolves once every change marked so far is on disk (or has been reported as failed). */
  flush(): Promise<void> {
    return this.pass ?? Promise.resolve();
  }

  private async writeDirtyGroups(): Promise<void> {
    try {
      for (let group = first(this.dirty); group !== undefined; group = first(this.dirty)) {
        this.dirty.delete(group);
        try {
          await this.writeGroup(group);
        } catch (error) {
          this.settings.onError(group, error);
        }
      }
    } finally {
      this.pass = undefined;
    }
  }

  private async writeGroup(group: string): Promise<void> {
    const changes = this.settings.changesOf?.(group, this.revisions.get(group));
    // Until this pass is done, a failed write leaves the next pass to look at every file.
    this.revisions.delete(group);
    const written = this.onDisk.get(group) ?? new Map<string, string>();
    this.onDisk.set(group, written);
    const folder = this.folderOf(group);
    if (changes === undefined || 'everything' in changes) {
      const status = changes?.everything ?? this.settings.statusOf(group);
      const wanted = new Map<string, string>([[ONLINE_FILE, formatOnlineFile(status.online)]]);
      for (const { room, users } of status.rooms) wanted.set(roomFileName(room.id), formatRoomFile(users));
      await writeChanged(folder, wanted, written);
      for (const name of [...written.keys()]) {
        if (wanted.has(name)) continue;
        await rm(join(folder, name), { force: true });
        written.delete(name);
      }
    } else {
      const wanted = new Map<string, string>([[ONLINE_FILE, formatOnlineFile(changes.online)]]);
      for (const { roomId, users } of changes.rooms) wanted.set(roomFileName(roomId), formatRoomFile(users));
      await writeChanged(folder, wanted, written);
    }
    if (changes !== undefined) this.revisions.set(group, changes.revision);
  }
}

/** Writes each wanted file whose content differs from what was last written. */
async function writeChanged(
  folder: string,
  wanted: ReadonlyMap<string, string>,
  written: Map<string, string>,
): Promise<void> {
  for (const [name, content] of wanted) {
    if (written.get(name) === content) continue;
    await writeFileAtomically(join(folder, name), content);
    written.set(name, content);
  }
}

function first<T>(items: Set<T>): T | undefined {
  return items.values().next().value;
}
