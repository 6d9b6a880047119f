/**
 * Network pieces that already exist, named as peers (as AWS CDK's `Peer.securityGroupId` or the
 * Terraform modules' `source_security_group_id`): an AWS security group or managed prefix list, an
 * Azure application security group or service tag. Use them wherever a role takes a peer
 * (`allowFrom`, `allowTo`, and props such as `clients`, `servers`, `pools`): the documented flows
 * are rendered towards them in both directions, as for an address list. Each is valid on its own
 * cloud only; the other cloud's network refuses it at synth.
 */
import { MsPortsError } from '../model/errors';
import type { ExistingRef } from '../model/intent';

const EXISTING = Symbol.for('cdktf-ms-ports.existing-peer');

/** An existing network piece named as a peer (made by `Peers`). */
export interface ExistingPeer {
  readonly [EXISTING]: true;
  /** Name in rule names and the report (unique on the network): [a-z0-9-], 1-40. */
  readonly name: string;
  readonly ref: ExistingRef;
}

/** True for a value made by `Peers`. */
export function isExistingPeer(v: unknown): v is ExistingPeer {
  return v !== null && typeof v === 'object' && (v as Record<symbol, unknown>)[EXISTING] === true;
}

const NAME = /^[a-z0-9][a-z0-9-]{0,39}$/;
const AWS_ID = (prefix: string) => new RegExp(`^${prefix}-(?:[0-9a-f]{8}|[0-9a-f]{17})$`);
/** A Terraform reference (`${aws_security_group.x.id}`) or an unresolved token is taken as written. */
const isReference = (v: string) => v.includes('${') || v.includes('TOKEN[');
const ASG_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/applicationSecurityGroups\/[^/]+$/i;
const SERVICE_TAG = /^[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)?$/;
/** Tags that mean every address: refused here, the internet is named `'internet'` (and judged as such). */
const ANY_TAGS = new Set(['internet', 'any', '*']);

function make(where: string, name: string | undefined, fallback: string, ref: ExistingRef): ExistingPeer {
  const n = name ?? fallback;
  if (!NAME.test(n)) throw new MsPortsError(where, `name "${n}" is not a valid peer name`, 'pass { name } of 1-40 lowercase letters, digits and hyphens');
  return Object.freeze({ [EXISTING]: true as const, name: n, ref: Object.freeze(ref) });
}

function checkId(where: string, what: string, id: unknown, pattern: RegExp, example: string): string {
  if (typeof id !== 'string' || !(isReference(id) || pattern.test(id))) {
    throw new MsPortsError(where, `${what} ${JSON.stringify(id)} is not a ${what}`, `pass an id such as "${example}" or a reference to one`);
  }
  return id;
}

/** Factories of existing peers. */
export const Peers = Object.freeze({
  /** An existing AWS security group: rules reference it (`referenced_security_group_id`); one rule each. */
  securityGroup(id: string, options: { readonly name?: string } = {}): ExistingPeer {
    const sg = checkId('Peers.securityGroup', 'security group id', id, AWS_ID('sg'), 'sg-0abc1234def567890');
    return make('Peers.securityGroup', options.name, `sg-${sg.replace(/[^a-z0-9]/gi, '').slice(-8).toLowerCase()}`, { type: 'aws-security-group', id: sg });
  },
  /**
   * An existing AWS managed prefix list: rules reference it (`prefix_list_id`); each counts
   * `maxEntries` against the security group quota, as AWS counts it.
   */
  prefixList(id: string, options: { readonly maxEntries: number; readonly name?: string }): ExistingPeer {
    const pl = checkId('Peers.prefixList', 'prefix list id', id, AWS_ID('pl'), 'pl-0abc1234def567890');
    const max = options?.maxEntries;
    if (!Number.isInteger(max) || max < 1 || max > 1000) {
      throw new MsPortsError('Peers.prefixList', `maxEntries ${JSON.stringify(max)} is not the list's size`, 'pass maxEntries: the prefix list\'s max entries (1-1000), which each rule naming it counts against the quota');
    }
    return make('Peers.prefixList', options.name, `pl-${pl.replace(/[^a-z0-9]/gi, '').slice(-8).toLowerCase()}`, { type: 'aws-prefix-list', id: pl, maxEntries: max });
  },
  /** An existing Azure application security group (of the same virtual network), by its resource id. */
  applicationSecurityGroup(id: string, options: { readonly name?: string } = {}): ExistingPeer {
    const asg = checkId('Peers.applicationSecurityGroup', 'application security group id', id, ASG_ID, '/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/applicationSecurityGroups/<name>');
    const last = isReference(asg) ? 'asg' : asg.split('/').pop()!.toLowerCase().replace(/[^a-z0-9-]+/g, '-').slice(0, 40).replace(/^-+|-+$/g, '');
    return make('Peers.applicationSecurityGroup', options.name, last || 'asg', { type: 'azure-application-security-group', id: asg });
  },
  /** An Azure service tag (e.g. `AzureMonitor`, `Sql.JapanEast`). `Internet` and `*` are refused: name the internet `'internet'`. */
  serviceTag(tag: string, options: { readonly name?: string } = {}): ExistingPeer {
    if (typeof tag !== 'string' || !SERVICE_TAG.test(tag)) {
      throw new MsPortsError('Peers.serviceTag', `service tag ${JSON.stringify(tag)} is not a service tag name`, 'pass a tag such as "AzureMonitor" or "Sql.JapanEast"');
    }
    if (ANY_TAGS.has(tag.toLowerCase())) {
      throw new MsPortsError('Peers.serviceTag', `service tag "${tag}" stands for every address`, "name the internet 'internet' (judged by the internet checks), not a service tag");
    }
    return make('Peers.serviceTag', options.name, `tag-${tag.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`.slice(0, 40), { type: 'azure-service-tag', tag });
  },
});
