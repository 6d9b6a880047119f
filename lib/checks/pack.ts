/** The library's own pack: always runs on every network binding, before any other pack. Deeply frozen. */
import { allowAllEgress } from './allow-all-egress';
import { azureShadowedRule } from './azure-shadowed-rule';
import { awsDuplicateResource, duplicateRule } from './duplicate-rule';
import { deepFreeze } from './freeze';
import { internetExposure } from './internet-exposure';
import { internetManagementPort } from './internet-management-port';
import { justifiedExposure } from './justified-exposure';
import { publicManagementPort } from './public-management-port';
import { quotaHeadroom } from './quota-headroom';
import type { CheckPack } from './types';
import { unreachableRole } from './unreachable-role';

/**
 * Frozen with its checks: a program cannot drop, replace, downgrade or rewrite a check (its level,
 * `suppressible` or `run`) after import; `runChecks` runs its own copy of the list in any case.
 */
export const MS_PORTS_PACK: CheckPack = deepFreeze({
  name: 'ms-ports',
  checks: [internetManagementPort, internetExposure, publicManagementPort, azureShadowedRule, duplicateRule, awsDuplicateResource, quotaHeadroom, unreachableRole, allowAllEgress, justifiedExposure],
});
