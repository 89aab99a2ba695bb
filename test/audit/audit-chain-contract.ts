import { afterAll, describe, expect, it } from 'vitest';
import {
  AuditAppendError,
  type AuditEntry,
  type AuditLog,
  openStoredAuditLog,
  verifyAuditChain,
} from '../../src/audit/index.ts';
import {
  type AuditRecordInput,
  chainHash,
  GENESIS_HASH,
  type SqlParameter,
  type StateStore,
} from '../../src/state/index.ts';
import { sampleEntry } from './sample-entry.ts';

/**
 * The audit chain in the state store, whichever database is behind it: the same cases run
 * against SQLite and PostgreSQL. `open` gives a store on a fresh, migrated database, a way to
 * change its rows behind the store's back (what someone with access to the database could do),
 * and, where several instances can share the database (PostgreSQL), another store on it.
 */
export interface ChainDatabase {
  readonly store: StateStore;
  tamper(sql: string, parameters?: readonly SqlParameter[]): Promise<void>;
  another?(): Promise<StateStore>;
}

export interface AuditChainSubject {
  open(): Promise<ChainDatabase>;
}

const SECRET = 'hunter2-api-password';
const HOUR = 3_600_000;
const T0 = Date.parse('2030-01-01T12:00:00Z');

/** `count` entries, one a minute from T0, with these changes. */
function entries(count: number, changes: (index: number) => Partial<AuditEntry> = () => ({})): AuditEntry[] {
  return Array.from({ length: count }, (_, index) =>
    sampleEntry({
      time: new Date(T0 + index * 60_000).toISOString(),
      parameters: { index },
      ...changes(index),
    }),
  );
}

/** A record input by hand (the store's own contract, apart from the audit log above it), its copies true to its JSON. */
function input(index: number): AuditRecordInput {
  const at = T0 + index;
  const userName = index % 2 === 0 ? `Name ${index % 3}` : undefined;
  const fields = {
    index,
    time: new Date(at).toISOString(),
    userId: `U${index % 3}`,
    userName,
    operation: index % 2 === 0 ? 'room.delete' : 'status',
    outcome: 'ok',
    text: 'Grüße 🎉 "quoted"\n',
  };
  return {
    entry: JSON.stringify(fields),
    at,
    userId: fields.userId,
    userNameFolded: userName?.toLowerCase() ?? null,
    operation: fields.operation,
    outcome: fields.outcome,
  };
}

const indexOf = (entry: AuditEntry) => (entry.parameters as { index: number }).index;

export function auditChainContract(name: string, subject: AuditChainSubject): void {
  const opened: StateStore[] = [];
  afterAll(async () => {
    await Promise.allSettled(opened.map((store) => store.close()));
  });
  const open = async () => {
    const database = await subject.open();
    opened.push(database.store);
    return database;
  };
  const another = async (database: ChainDatabase) => {
    if (database.another === undefined) throw new Error('one instance only');
    const store = await database.another();
    opened.push(store);
    return store;
  };
  const logOver = (store: StateStore, errors: AuditAppendError[] = [], now = () => T0 + HOUR): AuditLog =>
    openStoredAuditLog(store.audit, {
      secrets: [SECRET],
      location: store.location,
      now,
      onError: (error) => errors.push(error),
    });

  describe(`${name}: the audit chain`, () => {
    it('appends in order, each entry chained to the one before from the genesis hash, text kept byte for byte', async () => {
      const { store } = await open();
      const first = await store.audit.append([input(0), input(1), input(2)]);
      const second = await store.audit.append([input(3), input(4)]);
      expect([...first, ...second].map((record) => record.seq)).toEqual([1, 2, 3, 4, 5]);
      const all = await store.audit.last(10);
      expect(all).toEqual([...first, ...second]);
      expect(all[0]?.prevHash).toBe(GENESIS_HASH);
      all.forEach((record, index) => {
        expect(record.hash).toBe(chainHash(record.prevHash, record.entry));
        expect(record.hash).toMatch(/^[0-9a-f]{64}$/);
        if (index > 0) expect(record.prevHash).toBe(all[index - 1]?.hash);
        expect(record).toMatchObject(input(index));
      });
      expect(await store.audit.append([])).toEqual([]);
      expect(await verifyAuditChain(store.audit)).toEqual({
        count: 5,
        head: { seq: 5, hash: all[4]?.hash },
        breaks: [],
      });
    });

    it('appends racing in one instance, each its own transaction, form one chain', async () => {
      const { store } = await open();
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, index) => store.audit.append([input(index)])),
      );
      expect(results.map((records) => records[0]?.seq).sort((x = 0, y = 0) => x - y)).toEqual(
        Array.from({ length: 50 }, (_, index) => index + 1),
      );
      expect(await verifyAuditChain(store.audit)).toMatchObject({ count: 50, breaks: [] });
    });

    it('reads the last entries and the entries after a place, filtered, in order', async () => {
      const { store } = await open();
      await store.audit.append(Array.from({ length: 12 }, (_, index) => input(index)));
      expect((await store.audit.last(3)).map((record) => record.seq)).toEqual([10, 11, 12]);
      expect((await store.audit.after(4, 3)).map((record) => record.seq)).toEqual([5, 6, 7]);
      expect((await store.audit.after(11, 5)).map((record) => record.seq)).toEqual([12]);
      const seqs = async (filter: Parameters<StateStore['audit']['last']>[1]) =>
        (await store.audit.last(100, filter)).map((record) => record.seq);
      // Index i is seq i + 1: user U(i % 3); a name for even i; room.delete for even i, status for odd.
      expect(await seqs({ user: 'U1' })).toEqual([2, 5, 8, 11]);
      expect(await seqs({ user: 'NAME 2' })).toEqual([3, 9]);
      expect(await seqs({ operation: 'status' })).toEqual([2, 4, 6, 8, 10, 12]);
      expect(await seqs({ operation: 'room.*' })).toEqual([1, 3, 5, 7, 9, 11]);
      expect(await seqs({ operation: 'room' })).toEqual([]);
      expect(await seqs({ since: T0 + 9 })).toEqual([10, 11, 12]);
      expect(await seqs({ outcome: 'failed' })).toEqual([]);
      expect(await seqs({ user: 'U0', operation: 'room.*', since: T0 + 1 })).toEqual([7]);
      expect((await store.audit.after(0, 2, { operation: 'status' })).map((record) => record.seq)).toEqual([
        2, 4,
      ]);
    });

    it('imports once ever: a second import, even with other entries, only says when the first was', async () => {
      const { store } = await open();
      async function* batches(...sizes: number[]) {
        let index = 0;
        for (const size of sizes) {
          yield Array.from({ length: size }, () => input(index++));
        }
      }
      expect(await store.audit.importOnce('/srv/old/audit.jsonl', batches(2, 0, 3), T0)).toEqual({
        outcome: 'imported',
        count: 5,
      });
      expect(await store.audit.importOnce('/elsewhere/audit.jsonl', batches(4), T0 + 1)).toEqual({
        outcome: 'already-imported',
        source: '/srv/old/audit.jsonl',
        count: 5,
        at: T0,
      });
      expect((await store.audit.last(100)).map((record) => record.seq)).toEqual([1, 2, 3, 4, 5]);
      expect((await verifyAuditChain(store.audit)).breaks).toEqual([]);
    });

    it('an import that fails midway leaves no entry and no mark: the next start imports', async () => {
      const { store } = await open();
      async function* failing() {
        yield [input(0), input(1)];
        throw new Error('the file went away');
      }
      await expect(store.audit.importOnce('a.jsonl', failing(), T0)).rejects.toThrow('the file went away');
      expect(await store.audit.last(10)).toEqual([]);
      async function* one() {
        yield [input(7)];
      }
      expect(await store.audit.importOnce('a.jsonl', one(), T0)).toEqual({ outcome: 'imported', count: 1 });
    });
  });

  describe(`${name}: the audit log over the chain`, () => {
    it('keeps every entry, in the order appended, across batches, redacted before it is stored', async () => {
      const { store } = await open();
      const log = logOver(store);
      const appended: Array<Promise<void>> = [];
      const all = entries(120, (index) => ({
        userName: `alice ${SECRET}`,
        error: index === 7 ? SECRET : undefined,
      }));
      for (const [index, entry] of all.entries()) {
        appended.push(log.append(entry));
        if (index % 7 === 0) await new Promise((resolve) => setTimeout(resolve, index % 3));
      }
      await Promise.all(appended);
      const records = await store.audit.last(200);
      expect(records.map((record) => record.seq)).toEqual(all.map((_, index) => index + 1));
      expect(records.map((record) => JSON.parse(record.entry).parameters.index)).toEqual(all.map(indexOf));
      for (const record of records) expect(record.entry).not.toContain(SECRET);
      expect(JSON.parse(records[7]?.entry ?? '{}')).toMatchObject({ userName: 'alice ***', error: '***' });
      // Canonical JSON: members sorted, no spaces.
      expect(records[0]?.entry.startsWith('{"channel":"C0001","decision":"allowed","durationMs":12,')).toBe(
        true,
      );
      expect((await verifyAuditChain(store.audit)).breaks).toEqual([]);
    });

    it('shows the last entries that match the filters, oldest first', async () => {
      const { store } = await open();
      const log = logOver(store, [], () => T0 + 10 * 60_000);
      await Promise.all(
        entries(10, (index) => ({
          userId: `U${index % 2}`,
          userName: index % 2 === 0 ? 'Chloé' : 'bob',
          operation: index < 5 ? 'room.delete' : 'status',
          outcome: index % 3 === 0 ? 'failed' : 'ok',
        })).map((entry) => log.append(entry)),
      );
      const indexes = async (n: number, query: Parameters<AuditLog['tail']>[1]) =>
        (await log.tail(n, query)).map(indexOf);
      expect(await indexes(3, {})).toEqual([7, 8, 9]);
      expect(await indexes(100, { user: 'chloé' })).toEqual([0, 2, 4, 6, 8]);
      expect(await indexes(100, { user: 'U1' })).toEqual([1, 3, 5, 7, 9]);
      expect(await indexes(2, { operation: 'room.delete' })).toEqual([3, 4]);
      expect(await indexes(100, { operation: 'room.*', outcome: 'failed' })).toEqual([0, 3]);
      // The clock is ten minutes past T0: 3 minutes back is from the entry of minute 7 on.
      expect(await indexes(100, { since: { kind: 'ago', ms: 3 * 60_000 } })).toEqual([7, 8, 9]);
      expect(await indexes(100, { since: { kind: 'at', ms: T0 + 8 * 60_000 }, user: 'bob' })).toEqual([9]);
      expect(await indexes(100, { user: 'nobody' })).toEqual([]);
    });

    it('exports the entries from a time on as JSON lines, exactly as the chain keeps them', async () => {
      const { store } = await open();
      const log = logOver(store, [], () => T0 + 10 * 60_000);
      await Promise.all(entries(10).map((entry) => log.append(entry)));
      const whole = await log.export();
      const records = await store.audit.last(100);
      expect(whole).toEqual({
        text: records.map((record) => `${record.entry}\n`).join(''),
        count: 10,
        since: undefined,
      });
      const recent = await log.export({ kind: 'ago', ms: 3 * 60_000 });
      expect(recent.count).toBe(3);
      expect(recent.since).toBe(T0 + 7 * 60_000);
      expect(
        recent.text
          .trimEnd()
          .split('\n')
          .map((line) => JSON.parse(line).parameters.index),
      ).toEqual([7, 8, 9]);
    });

    it('refuses an invalid entry and, with the store gone, rejects and reports the append, never with a secret', async () => {
      const { store } = await open();
      const errors: AuditAppendError[] = [];
      const log = logOver(store, errors);
      const bad = { ...sampleEntry(), decision: 'maybe' } as unknown as AuditEntry;
      await expect(log.append(bad)).rejects.toMatchObject({
        name: 'AuditAppendError',
        failure: 'invalid-entry',
      });
      await log.append(sampleEntry());
      await store.close();
      const failed = log.append(sampleEntry({ userId: `U-${SECRET}` }));
      await expect(failed).rejects.toBeInstanceOf(AuditAppendError);
      await expect(failed).rejects.toMatchObject({
        failure: 'write-failed',
        path: store.location,
        message: expect.stringMatching(
          new RegExp(
            `^the audit entry for room.delete by U-\\*\\*\\* could not be written to the audit chain \\(${asPattern(store.location)}\\): .+`,
          ),
        ),
      });
      expect(errors.map((error) => error.failure)).toEqual(['invalid-entry', 'write-failed']);
      for (const error of errors) expect(error.message).not.toContain(SECRET);
      await log.close();
      await expect(log.append(sampleEntry())).rejects.toMatchObject({ failure: 'closed' });
    });

    it('writes what is pending on close', async () => {
      const { store } = await open();
      const log = logOver(store);
      const pending = entries(30).map((entry) => log.append(entry));
      await log.close();
      expect(await store.audit.last(100)).toHaveLength(30);
      await Promise.all(pending);
    });
  });

  describe(`${name}: verifying the chain`, () => {
    /** A chain of 6 entries through the audit log. */
    const chainOfSix = async () => {
      const database = await open();
      const log = logOver(database.store);
      await Promise.all(entries(6).map((entry) => log.append(entry)));
      await log.close();
      return database;
    };

    it('finds an entry edited in place', async () => {
      const { store, tamper } = await chainOfSix();
      await tamper(
        'UPDATE audit_entries SET entry = replace(entry, \'"outcome":"ok"\', \'"outcome":"failed"\') WHERE seq = 3',
      );
      expect(await verifyAuditChain(store.audit)).toMatchObject({
        count: 6,
        breaks: [{ kind: 'edited', seq: 3, what: 'its content no longer matches its hash' }],
      });
    });

    it('finds a filter column changed apart from its entry', async () => {
      const { store, tamper } = await chainOfSix();
      await tamper("UPDATE audit_entries SET user_id = 'someone-else', outcome = 'failed' WHERE seq = 2");
      expect((await verifyAuditChain(store.audit)).breaks).toEqual([
        { kind: 'edited', seq: 2, what: 'its user id, outcome columns differ from its content' },
      ]);
    });

    it('finds entries deleted, in the middle and at the start', async () => {
      const { store, tamper } = await chainOfSix();
      await tamper('DELETE FROM audit_entries WHERE seq IN (1, 4, 5)');
      expect(await verifyAuditChain(store.audit)).toMatchObject({
        count: 3,
        breaks: [
          { kind: 'deleted', from: 1, to: 1 },
          { kind: 'deleted', from: 4, to: 5 },
        ],
      });
    });

    it('finds an entry inserted with a correct hash, the later ones renumbered to make room', async () => {
      const { store, tamper } = await chainOfSix();
      const [second] = await store.audit.after(1, 1);
      if (second === undefined) throw new Error('no entry 2');
      for (const seq of [6, 5, 4, 3])
        await tamper('UPDATE audit_entries SET seq = ? WHERE seq = ?', [seq + 1, seq]);
      const forged = JSON.stringify({ forged: true });
      await tamper(
        'INSERT INTO audit_entries (seq, at, user_id, user_name_folded, operation, outcome, entry, prev_hash, hash) VALUES (3, 0, ?, NULL, ?, ?, ?, ?, ?)',
        ['', '', '', forged, second.hash, chainHash(second.hash, forged)],
      );
      expect((await verifyAuditChain(store.audit)).breaks).toEqual([{ kind: 'inserted', seq: 3 }]);
    });

    it('finds an entry added at the end that does not follow the chain (what it was, it cannot tell)', async () => {
      const { store, tamper } = await chainOfSix();
      await tamper(
        "INSERT INTO audit_entries (seq, at, user_id, user_name_folded, operation, outcome, entry, prev_hash, hash) VALUES (7, 0, '', NULL, '', '', '{}', ?, ?)",
        [GENESIS_HASH, chainHash(GENESIS_HASH, '{}')],
      );
      expect((await verifyAuditChain(store.audit)).breaks).toEqual([{ kind: 'unlinked', seq: 7 }]);
    });

    it('reads the chain in pages: a break on a page edge is found', async () => {
      const { store, tamper } = await chainOfSix();
      await tamper('DELETE FROM audit_entries WHERE seq = 3');
      expect((await verifyAuditChain(store.audit, 2)).breaks).toEqual([{ kind: 'deleted', from: 3, to: 3 }]);
      expect((await verifyAuditChain(store.audit, 1)).count).toBe(5);
    });
  });

  describe(`${name}: several instances on one database`, () => {
    it('appends racing from two instances form one chain: nothing lost, nothing twice, no fork', async (context) => {
      const database = await open();
      if (database.another === undefined) {
        context.skip();
        return;
      }
      const a = database.store;
      const b = await another(database);
      const one = (store: StateStore, index: number) => store.audit.append([input(index)]);
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, index) => one(index % 2 === 0 ? a : b, index)),
      );
      expect(results.every((records) => records.length === 1)).toBe(true);
      // And through each instance's audit log, batched.
      const [logA, logB] = [logOver(a), logOver(b)];
      await Promise.all(entries(50).map((entry, index) => (index % 2 === 0 ? logA : logB).append(entry)));
      const chain = await b.audit.last(200);
      expect(chain.map((record) => record.seq)).toEqual(Array.from({ length: 100 }, (_, index) => index + 1));
      const direct = chain.slice(0, 50).map((record) => JSON.parse(record.entry).index);
      expect(direct.sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, index) => index));
      expect(await verifyAuditChain(a.audit)).toMatchObject({ count: 100, breaks: [] });
    });

    it('of two instances importing at once, one imports', async (context) => {
      const database = await open();
      if (database.another === undefined) {
        context.skip();
        return;
      }
      const b = await another(database);
      async function* three() {
        yield [input(0), input(1), input(2)];
      }
      const outcomes = await Promise.all([
        database.store.audit.importOnce('a.jsonl', three(), T0),
        b.audit.importOnce('b.jsonl', three(), T0),
      ]);
      expect(outcomes.map((outcome) => outcome.outcome).sort()).toEqual(['already-imported', 'imported']);
      expect(await b.audit.last(10)).toHaveLength(3);
    });
  });
}

function asPattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
