/** The library's own pack: always runs on every network binding. */
import { allowAllEgress } from './allow-all-egress';
import { azureShadowedRule } from './azure-shadowed-rule';
import { awsDuplicateResource, duplicateRule } from './duplicate-rule';
import { internetExposure } from './internet-exposure';
import { internetManagementPort } from './internet-management-port';
import { justifiedExposure } from './justified-exposure';
import { quotaHeadroom } from './quota-headroom';
import type { CheckPack } from './types';
import { unreachableRole } from './unreachable-role';

export const MS_PORTS_PACK: CheckPack = {
  name: 'ms-ports',
  checks: [internetManagementPort, internetExposure, azureShadowedRule, duplicateRule, awsDuplicateResource, quotaHeadroom, unreachableRole, allowAllEgress, justifiedExposure],
};
