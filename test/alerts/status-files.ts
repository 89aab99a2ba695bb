import { mkdir, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from '../../src/files/write-file-atomically.ts';

/** Writes status files the way the chat server's are laid out, each replaced in one step. */
export class StatusFiles {
  constructor(readonly folder: string) {}

  async prepare(): Promise<this> {
    await mkdir(this.folder, { recursive: true });
    return this;
  }

  online(connections: number, loggedIn: number, rooms: number): Promise<void> {
    return writeFileAtomically(join(this.folder, 'online.txt'), `${connections}|${loggedIn}|${rooms}\n`);
  }

  /** A room file holding `users` names, CRLF-terminated like a Windows server's. */
  room(roomId: number, users: number): Promise<void> {
    const names = Array.from({ length: users }, (_, index) => `user${index + 1}\r\n`).join('');
    return writeFileAtomically(join(this.folder, `room_${roomId}.txt`), names);
  }

  /** Sets a file's modification time `ageMs` into the past. */
  async age(fileName: string, ageMs: number): Promise<void> {
    const when = new Date(Date.now() - ageMs);
    await utimes(join(this.folder, fileName), when, when);
  }
}
