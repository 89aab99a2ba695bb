/**
 * A run waiting for its confirmation, as the state store keeps it: the operation by its name (an
 * operation is code, not data), the values as typed and the parameters as validated, checked to
 * come back from JSON unchanged. Another instance, or this one after a restart, reads it back.
 */

import type { Operation } from '../catalogue/operation.ts';
import { asStoredValue, type StoredValue } from '../state/index.ts';
import type { PayloadCodec } from './confirmations.ts';
import type { PendingRun } from './steps/ask-confirmation.ts';

export function pendingRunCodec(catalogue: readonly Operation[]): PayloadCodec<PendingRun> {
  return {
    encode: (run) =>
      asStoredValue(
        { operation: run.operation.name, values: run.values, params: run.params },
        'the pending run',
      ),
    decode: (stored) => {
      if (!isRecord(stored)) return undefined;
      const { operation: name, values, params } = stored;
      const operation = catalogue.find((candidate) => candidate.name === name);
      if (operation === undefined || !isRecord(values) || !isRecord(params)) return undefined;
      return { operation, values, params };
    },
  };
}

function isRecord(value: StoredValue | undefined): value is { [key: string]: StoredValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
