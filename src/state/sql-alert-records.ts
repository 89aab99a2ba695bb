/**
 * The alert state in SQL. The conditions and the posts they imply are written in one transaction
 * (the engine commits before it posts, and a crash leaves both or neither); a post's idempotency
 * key is its primary key, so `INSERT … ON CONFLICT DO NOTHING` decides once whether it is written.
 * Mutes have rows of their own: a command on any instance writes one with a single statement, and
 * the engine never writes them back (it only removes one it saw expire, and only if still expired),
 * so a mute and an evaluation cannot undo each other.
 */

import { randomUUID } from 'node:crypto';
import type { SqlConnection, SqlRow, SqlStatement } from './sql-connection.ts';
import type {
  AlertConditionRecord,
  AlertMuteRecord,
  AlertPostRecord,
  AlertRecords,
  StoredValue,
} from './state-store.ts';

/** A finished post keeps its key, where and when; its message (a chart may be large) is dropped. */
const FINISHED_MESSAGE = 'null';

export function sqlAlertRecords(db: SqlConnection): AlertRecords {
  return {
    async conditions(group) {
      const rows = await db.query(
        'SELECT rule, condition_key, state FROM alert_conditions WHERE server_group = ? ORDER BY rule, condition_key',
        [group],
      );
      return rows.map((row) => ({
        rule: String(row.rule),
        key: String(row.condition_key),
        state: parsed(row.state),
      }));
    },
    async mutes(group) {
      const rows = await db.query(
        'SELECT rule, until_at, muted_by FROM alert_mutes WHERE server_group = ? ORDER BY rule',
        [group],
      );
      return rows.map(muteOf);
    },
    async mute(group, mute) {
      await db.query(
        `INSERT INTO alert_mutes (server_group, rule, until_at, muted_by) VALUES (?, ?, ?, ?)
         ON CONFLICT (server_group, rule) DO UPDATE SET until_at = excluded.until_at, muted_by = excluded.muted_by`,
        [group, mute.rule, mute.until, mute.by],
      );
    },
    async unmute(group, rule) {
      const [row] = await db.query(
        'DELETE FROM alert_mutes WHERE server_group = ? AND rule = ? RETURNING rule, until_at, muted_by',
        [group, rule],
      );
      return row === undefined ? undefined : muteOf(row);
    },
    async commit(group, change, now) {
      const statements: SqlStatement[] = [
        ...change.put.map((condition) => ({
          sql: `INSERT INTO alert_conditions (server_group, rule, condition_key, state) VALUES (?, ?, ?, ?)
                ON CONFLICT (server_group, rule, condition_key) DO UPDATE SET state = excluded.state`,
          parameters: [group, condition.rule, condition.key, JSON.stringify(condition.state)],
        })),
        ...change.remove.map((condition) => ({
          sql: 'DELETE FROM alert_conditions WHERE server_group = ? AND rule = ? AND condition_key = ?',
          parameters: [group, condition.rule, condition.key],
        })),
        ...change.expiredMutes.map((rule) => ({
          sql: 'DELETE FROM alert_mutes WHERE server_group = ? AND rule = ? AND until_at <= ?',
          parameters: [group, rule, now],
        })),
        // Each post numbered after the last of the group, so a new leader sends them in this order.
        ...change.posts.map((post) => ({
          sql: `INSERT INTO alert_outbox
                  (server_group, post_key, seq, platform, channel, description, message, written_at)
                SELECT CAST(? AS TEXT), CAST(? AS TEXT), COALESCE(MAX(seq), 0) + 1,
                       CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS BIGINT)
                FROM alert_outbox WHERE server_group = ?
                ON CONFLICT (server_group, post_key) DO NOTHING
                RETURNING post_key`,
          parameters: [
            group,
            post.key,
            post.platform,
            post.channel,
            post.description,
            JSON.stringify(post.message),
            now,
            group,
          ],
        })),
      ];
      if (statements.length === 0) return new Set();
      const results = await db.transaction(statements);
      return new Set(results.flat().map((row) => String(row.post_key)));
    },
    async unfinishedPosts(group) {
      const rows = await db.query(
        `SELECT post_key, platform, channel, description, message FROM alert_outbox
         WHERE server_group = ? AND finished_at IS NULL ORDER BY seq, post_key`,
        [group],
      );
      return rows.map(
        (row): AlertPostRecord => ({
          key: String(row.post_key),
          platform: String(row.platform),
          channel: String(row.channel),
          description: String(row.description),
          message: parsed(row.message),
        }),
      );
    },
    async finishPost(group, key, outcome, now) {
      await db.query(
        `UPDATE alert_outbox SET finished_at = ?, outcome = ?, message = ?
         WHERE server_group = ? AND post_key = ? AND finished_at IS NULL`,
        [now, outcome, FINISHED_MESSAGE, group, key],
      );
    },
    async pruneFinishedPosts(group, before) {
      const rows = await db.query(
        'DELETE FROM alert_outbox WHERE server_group = ? AND finished_at < ? RETURNING post_key',
        [group, before],
      );
      return rows.length;
    },
    async imported(group) {
      const rows = await db.query('SELECT token FROM alert_state_imports WHERE server_group = ?', [group]);
      return rows.length > 0;
    },
    async importOnce(group, state, now) {
      const token = randomUUID();
      // The mark first; the rows only under this call's mark, so of two imports at once one lands.
      const mine = 'EXISTS (SELECT 1 FROM alert_state_imports WHERE server_group = ? AND token = ?)';
      const results = await db.transaction([
        {
          sql: `INSERT INTO alert_state_imports (server_group, token, imported_at) VALUES (?, ?, ?)
                ON CONFLICT (server_group) DO NOTHING`,
          parameters: [group, token, now],
        },
        ...state.conditions.map((condition: AlertConditionRecord) => ({
          sql: `INSERT INTO alert_conditions (server_group, rule, condition_key, state)
                SELECT CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT) WHERE ${mine}
                ON CONFLICT (server_group, rule, condition_key) DO NOTHING`,
          parameters: [group, condition.rule, condition.key, JSON.stringify(condition.state), group, token],
        })),
        ...state.mutes.map((mute: AlertMuteRecord) => ({
          sql: `INSERT INTO alert_mutes (server_group, rule, until_at, muted_by)
                SELECT CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS BIGINT), CAST(? AS TEXT) WHERE ${mine}
                ON CONFLICT (server_group, rule) DO NOTHING`,
          parameters: [group, mute.rule, mute.until, mute.by, group, token],
        })),
        { sql: 'SELECT token FROM alert_state_imports WHERE server_group = ?', parameters: [group] },
      ]);
      return results.at(-1)?.[0]?.token === token;
    },
  };
}

function muteOf(row: SqlRow): AlertMuteRecord {
  return { rule: String(row.rule), until: Number(row.until_at), by: String(row.muted_by) };
}

function parsed(text: unknown): StoredValue {
  return JSON.parse(String(text)) as StoredValue;
}
