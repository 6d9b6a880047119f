/**
 * Roles that only ever live outside the cloud and that the Skype tables name as peers: PSTN
 * gateways (SBCs) and Exchange Unified Messaging. Declared by their addresses; the cloud roles wired
 * to them render the documented flows, and Exchange UM carries its IPsec exemptions (seed 001).
 */
import type { Construct } from 'constructs';
import { catalog } from '../catalog/index';
import type { PeerClass } from '../catalog/types';
import { validateProps } from '../core/props';
import { OUTSIDE_ROLE_PROPS, SecurityRole, type OutsideRoleProps, type RoleDeclaration } from '../core/role';
import { declareIpsec } from '../model/declare';

/** PSTN gateways or session border controllers, by address. Pass them as `pstnGateways`. */
export class PstnGateway extends SecurityRole {
  static fromAddresses(scope: Construct, id: string, props: OutsideRoleProps): PstnGateway {
    validateProps([scope.node.path, id].filter((s) => s !== '').join('/'), 'PstnGateway.fromAddresses', props, OUTSIDE_ROLE_PROPS);
    return new PstnGateway(scope, id, props);
  }

  private constructor(scope: Construct, id: string, props: OutsideRoleProps) {
    super(scope, id, { network: props?.network, name: props?.name }, 'PSTN gateway', { outside: props?.cidrs });
  }

  plays(): readonly PeerClass[] {
    return ['pstn-gateway'];
  }

  protected declare(): RoleDeclaration {
    return { flows: [] };
  }
}

/**
 * Exchange Unified Messaging servers, by address: the IPsec exemptions of seed 001 ("Exchange
 * Inbound/Outbound") for their Windows hosts, in the report and as a PowerShell script.
 */
export class ExchangeUnifiedMessaging extends SecurityRole {
  static fromAddresses(scope: Construct, id: string, props: OutsideRoleProps): ExchangeUnifiedMessaging {
    validateProps([scope.node.path, id].filter((s) => s !== '').join('/'), 'ExchangeUnifiedMessaging.fromAddresses', props, OUTSIDE_ROLE_PROPS);
    return new ExchangeUnifiedMessaging(scope, id, props);
  }

  private constructor(scope: Construct, id: string, props: OutsideRoleProps) {
    super(scope, id, { network: props?.network, name: props?.name }, 'Exchange Unified Messaging', { outside: props?.cidrs });
  }

  plays(): readonly PeerClass[] {
    return ['exchange-um'];
  }

  protected declare(): RoleDeclaration {
    return { flows: [] };
  }

  protected declareOutside(): RoleDeclaration {
    return { flows: [], ipsec: declareIpsec(catalog.ipsec('exchange-um'), { clientMediaPorts: 'any' }).ipsec };
  }
}
