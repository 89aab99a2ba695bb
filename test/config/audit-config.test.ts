import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.ts';
import { auditMirrorPath } from '../../src/runtime/open-audit.ts';
import { ENV, OPERATION_NAMES, PERMISSION_KEYS, problemsOf } from './fixtures.ts';

const at = (yaml: string) =>
  parseConfig(yaml, {
    fileName: '/srv/chatops/chatops.yml',
    env: ENV,
    permissionKeys: PERMISSION_KEYS,
    operationNames: OPERATION_NAMES,
  }).audit;

describe('audit: path (the file of earlier releases) and mirror', () => {
  it('has no mirror by default; true mirrors to audit.path; a path is resolved next to the file', () => {
    expect(at('')).toEqual({ path: '/srv/chatops/audit.jsonl', mirror: false });
    expect(auditMirrorPath(at(''))).toBeUndefined();
    expect(auditMirrorPath(at('audit: { path: old/audit.jsonl, mirror: true }\n'))).toBe(
      '/srv/chatops/old/audit.jsonl',
    );
    expect(auditMirrorPath(at('audit: { mirror: logs/mirror.jsonl }\n'))).toBe(
      '/srv/chatops/logs/mirror.jsonl',
    );
    expect(auditMirrorPath(at('audit: { mirror: /var/log/chatops.jsonl }\n'))).toBe('/var/log/chatops.jsonl');
    expect(auditMirrorPath(at('audit: { mirror: false }\n'))).toBeUndefined();
  });

  it('refuses a mirror that is neither a path nor true or false', () => {
    expect(problemsOf('audit: { mirror: 5 }\n')).toEqual([
      'chatops.yml: audit.mirror: 5 is not a path, true (the audit path) or false',
    ]);
    expect(problemsOf('audit: { mirror: "  " }\n')).toEqual([
      'chatops.yml: audit.mirror: "  " is not a path',
    ]);
    expect(problemsOf('audit: { mirorr: x }\n')).toEqual([
      'chatops.yml: audit.mirorr: unknown key (did you mean "mirror"?)',
    ]);
  });
});
