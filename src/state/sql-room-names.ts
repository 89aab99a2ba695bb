/**
 * The remembered room names in SQL: one row per server group and room, read whole on each ask
 * (a group has the few rooms the bot created), so a name another instance just kept is seen.
 */

import type { SqlConnection } from './sql-connection.ts';
import type { RoomNameRecords, RoomNamesImport } from './state-store.ts';

export function sqlRoomNames(db: SqlConnection): RoomNameRecords {
  return {
    async names(group) {
      const rows = await db.query(
        'SELECT room_id, name FROM remembered_rooms WHERE server_group = ? ORDER BY room_id',
        [group],
      );
      return new Map(rows.map((row) => [Number(row.room_id), String(row.name)]));
    },
    async put(group, roomId, name) {
      await db.query(
        `INSERT INTO remembered_rooms (server_group, room_id, name) VALUES (?, ?, ?)
         ON CONFLICT (server_group, room_id) DO UPDATE SET name = excluded.name`,
        [group, roomId, name],
      );
    },
    async delete(group, roomId) {
      await db.query('DELETE FROM remembered_rooms WHERE server_group = ? AND room_id = ?', [group, roomId]);
    },
    importOnce(group, names, now) {
      return db.exclusively(async (tx): Promise<RoomNamesImport> => {
        // The mark first: a second instance importing at the same time finds it and does nothing.
        const marked = await tx.query(
          `INSERT INTO remembered_room_imports (server_group, imported_at) VALUES (?, ?)
           ON CONFLICT (server_group) DO NOTHING
           RETURNING server_group`,
          [group, now],
        );
        if (marked.length === 0) return { outcome: 'already-imported' };
        const [held] = await tx.query(
          'SELECT COUNT(*) AS count FROM remembered_rooms WHERE server_group = ?',
          [group],
        );
        if (Number(held?.count ?? 0) > 0) return { outcome: 'store-had-names' };
        for (const [roomId, name] of names) {
          await tx.query('INSERT INTO remembered_rooms (server_group, room_id, name) VALUES (?, ?, ?)', [
            group,
            roomId,
            name,
          ]);
        }
        return { outcome: 'imported', count: names.size };
      }, 'remembered-rooms-import');
    },
  };
}
