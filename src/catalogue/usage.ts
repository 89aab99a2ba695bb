import type { Operation } from './operation.ts';
import type { Param } from './param.ts';

/** Past this many options the usage line says `[option=value …]` and help lists them. */
const OPTIONS_SPELLED_OUT = 3;

export function usageLine(operation: Operation): string {
  const parts = ['/chat', ...operation.words];
  const entries = Object.entries(operation.params);
  for (const [name, param] of entries) {
    if (param.placement === 'positional') parts.push(param.required ? `<${name}>` : `[${name}]`);
  }
  const options = entries.filter(([, param]) => param.placement === 'option');
  if (options.length > OPTIONS_SPELLED_OUT) parts.push('[option=value …]');
  else for (const [name, param] of options) parts.push(`[${name}=${param.placeholder}]`);
  for (const [name, param] of entries) {
    if (param.placement === 'rest') parts.push(param.required ? `<${name}…>` : `[${name}…]`);
  }
  return parts.join(' ');
}

export function optionsOf(operation: Operation): Array<[string, Param]> {
  return Object.entries(operation.params).filter(([, param]) => param.placement === 'option');
}
