/**
 * The audit log at start: the JSONL file of an earlier release imported into the state store's
 * chain (once, ever), the chain opened as the record, and the JSONL mirror when configured.
 */

import {
  type AuditLog,
  describeAuditFileImport,
  importAuditFile,
  openAuditFile,
  openStoredAuditLog,
} from '../audit/index.ts';
import type { AfterReply } from '../commands/after-reply.ts';
import type { ChatOpsConfig } from '../config/index.ts';
import type { StateStore } from '../state/index.ts';
import { settledAuditLog } from './settled-audit-log.ts';

export interface OpenAuditOptions {
  readonly secrets: readonly string[];
  /** Failed appends, a failed import, mirror failures. */
  readonly report: (message: string) => void;
  /** What the import did, one line. */
  readonly log: (line: string) => void;
  readonly afterReply: AfterReply;
  /** The command path's clock: what `since=24h` counts back from. Default Date.now. */
  readonly now?: () => number;
}

/** Rejects when the mirror's file or folder cannot be created (a setup mistake, found at start). */
export async function openAudit(
  config: ChatOpsConfig,
  state: StateStore,
  options: OpenAuditOptions,
): Promise<AuditLog> {
  const { path } = config.audit;
  const mirrorPath = auditMirrorPath(config.audit);
  try {
    const done = await importAuditFile(state.audit, path, {
      secrets: options.secrets,
      now: Date.now(),
      markWithoutFile: mirrorPath === path,
    });
    const line = describeAuditFileImport(path, done);
    if (line !== undefined) options.log(line);
  } catch (error) {
    // Nothing was imported (one transaction): the next start tries again.
    options.report(
      `audit: ${path} could not be imported into the audit chain (tried again at the next start): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const mirror =
    mirrorPath === undefined
      ? undefined
      : await openAuditFile(mirrorPath, {
          secrets: options.secrets,
          onError: (error) => options.report(`audit mirror: ${error.message}`),
        });
  const log = openStoredAuditLog(state.audit, {
    secrets: options.secrets,
    location: state.location,
    mirror,
    now: options.now,
    onError: (error) => options.report(`audit log: ${error.message}`),
    log: options.log,
  });
  return settledAuditLog(log, options.afterReply);
}

/** `audit.mirror`: a path, true for `audit.path`, false (the default) for none. */
export function auditMirrorPath(audit: ChatOpsConfig['audit']): string | undefined {
  if (audit.mirror === false) return undefined;
  return audit.mirror === true ? audit.path : audit.mirror;
}
