import { z } from 'zod';
import type { Operation } from './operation.ts';

export interface ValueProblem {
  param: string;
  message: string;
}

export type Validation =
  | { ok: true; params: Record<string, unknown> }
  | { ok: false; problems: readonly ValueProblem[] };

const schemas = new WeakMap<Operation, z.ZodType>();

/** The operation's parameters as one zod object, built once from the declarations. */
export function paramsSchema(operation: Operation): z.ZodType {
  let schema = schemas.get(operation);
  if (!schema) {
    const shape: Record<string, z.ZodType> = {};
    for (const [name, param] of Object.entries(operation.params)) {
      shape[name] = param.required ? param.schema : param.schema.optional();
    }
    schema = z.strictObject(shape);
    schemas.set(operation, schema);
  }
  return schema;
}

/**
 * Validates values as typed (strings from a text line) or as delivered (typed values from
 * Discord options) against the operation's declaration, then its cross-parameter rule.
 */
export function validateParams(operation: Operation, values: Record<string, unknown>): Validation {
  const parsed = paramsSchema(operation).safeParse(values);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => {
        const param = issue.path.map(String).join('.');
        const missing = issue.code === 'invalid_type' && values[param] === undefined;
        return { param, message: missing ? 'is missing' : issue.message };
      }),
    };
  }
  const params = parsed.data as Record<string, unknown>;
  const crossProblem = operation.check?.(params as never);
  if (crossProblem) return { ok: false, problems: [{ param: '', message: crossProblem }] };
  return { ok: true, params };
}

export function describeProblems(problems: readonly ValueProblem[]): string {
  return problems
    .map((problem) => (problem.param ? `${problem.param} ${problem.message}` : problem.message))
    .join('; ');
}
