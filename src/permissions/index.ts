/**
 * Access control: roles bound to users and groups in the configuration, decided per operation,
 * explained when refused, denied by default.
 */

export {
  type AccessDecision,
  type AccessDenied,
  type AccessGranted,
  type AccessPolicy,
  type AccessRules,
  createAccessPolicy,
} from './access-policy.ts';
export { explainDenial, explainParamDenial } from './explain-denial.ts';
export { type Identity, PLATFORMS, type Platform } from './identity.ts';
export { EVERY_OPERATION, keysMatching, patternMatches } from './operation-pattern.ts';
