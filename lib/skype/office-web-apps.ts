/**
 * Office Web Apps Server (Office Online Server) used by Skype for Business Server for presentations:
 * HTTPS 443 from the Skype servers and the clients (seed 001 server table), and from the reverse
 * proxy (reverse proxy port summary, ms-port-facts §1.7). It is not a Skype server: it does not join
 * the site's server group, it admits it.
 */
import type { Construct } from 'constructs';
import type { CatalogRole } from '../catalog/roles';
import type { PeerClass } from '../catalog/types';
import type { RoleDeclaration } from '../core/role';
import { SkypeRole, type OutsideMarker, type SkypeOutsideProps, type SkypeRoleProps } from './skype-role';
import { checkOutsideProps, checkProps, type PropSchema } from '../core/props';
import { SKYPE_OUTSIDE_KEYS, skypeRoleProps } from './props';

export type OfficeWebAppsServerProps = SkypeRoleProps;

/** Run-time checks of OfficeWebAppsServerProps (one per prop; keep in step with the interface). */
const OFFICE_WEB_APPS_SERVER_PROPS: PropSchema = skypeRoleProps('OfficeWebAppsServer');

/** An Office Web Apps Server farm, on Azure or AWS depending on `network`. */
export class OfficeWebAppsServer extends SkypeRole {
  /** An Office Web Apps farm outside the cloud, by its addresses: the cloud pools reach it on 443. */
  static fromAddresses(scope: Construct, id: string, props: SkypeOutsideProps): OfficeWebAppsServer {
    checkOutsideProps(scope, id, 'OfficeWebAppsServer', props, OFFICE_WEB_APPS_SERVER_PROPS, SKYPE_OUTSIDE_KEYS);
    return new OfficeWebAppsServer(scope, id, { ...props, outsideCidrs: props.cidrs } as OfficeWebAppsServerProps & OutsideMarker);
  }

  constructor(scope: Construct, id: string, props: OfficeWebAppsServerProps) {
    super(scope, id, checkProps(scope, id, 'OfficeWebAppsServer', props, OFFICE_WEB_APPS_SERVER_PROPS), 'Office Web Apps Server farm');
  }

  plays(): readonly PeerClass[] {
    return ['office-web-apps'];
  }

  protected catalogRoles(): readonly CatalogRole[] {
    return ['office-web-apps'];
  }

  protected declare(): RoleDeclaration {
    return this.declarePairs();
  }
}
