import { z } from 'zod';

/**
 * The keys a strict object in a schema accepts, found by following an issue's path through the
 * schema. zod reports an unknown key without the keys it would have taken; "did you mean"
 * needs them.
 */
export function keysAcceptedAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  let current: z.core.$ZodType | undefined = unwrap(schema);
  for (const step of path) {
    current = current === undefined ? undefined : childAt(current, step);
    current = current === undefined ? undefined : unwrap(current);
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

function childAt(schema: z.core.$ZodType, step: PropertyKey): z.core.$ZodType | undefined {
  if (schema instanceof z.ZodObject) return typeof step === 'string' ? schema.shape[step] : undefined;
  if (schema instanceof z.ZodRecord) return schema.valueType;
  if (schema instanceof z.ZodArray) return schema.element;
  return undefined;
}

/** Sees through the wrappers that do not change an object's keys: defaults, optionality, transforms. */
function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable) current = current.unwrap();
    else if (current instanceof z.ZodDefault || current instanceof z.ZodPrefault) current = current.unwrap();
    else if (current instanceof z.ZodPipe) current = current.in;
    else return current;
  }
}
