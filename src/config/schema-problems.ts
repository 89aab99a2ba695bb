import type { z } from 'zod';
import { expectedButGot } from '../text/value-text.ts';
import { didYouMean } from './did-you-mean.ts';
import type { ConfigProblem, Validated } from './problem.ts';
import { keysAcceptedAt } from './schema-keys.ts';

/**
 * Validates data against a schema and words every issue as a problem: one per unknown key (with
 * the nearest known key), the key's own problem for a bad record key, and, when a value has the
 * right shape for one alternative of a union, that alternative's problems rather than "no match".
 */
export function validate<Schema extends z.ZodType>(
  schema: Schema,
  data: unknown,
): Validated<z.output<Schema>> {
  const result = schema.safeParse(data, { error: plainTypeMismatch });
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, problems: result.error.issues.flatMap((issue) => problemsOf(schema, issue, [])) };
}

function plainTypeMismatch(issue: z.core.$ZodRawIssue): string | undefined {
  return issue.code === 'invalid_type' ? expectedButGot(issue.expected, issue.input) : undefined;
}

function problemsOf(
  schema: z.ZodType,
  issue: z.core.$ZodIssue,
  outerPath: readonly PropertyKey[],
): ConfigProblem[] {
  const path = [...outerPath, ...issue.path];
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = keysAcceptedAt(schema, path);
      return issue.keys.map((key) => ({
        path: [...path, key],
        message: `unknown key${didYouMean(key, known)}`,
      }));
    }
    case 'invalid_key':
      return issue.issues.map((keyIssue) => ({ path, message: keyIssue.message }));
    case 'invalid_union': {
      const shapedLikeOne = issue.errors.find((branch) => branch.some((inner) => inner.path.length > 0));
      return shapedLikeOne === undefined
        ? [{ path, message: issue.message }]
        : shapedLikeOne.flatMap((inner) => problemsOf(schema, inner, path));
    }
    default:
      return [{ path, message: issue.message }];
  }
}
