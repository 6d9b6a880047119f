/**
 * Skype for Business Server Persistent Chat Front End pool: its rows of the server port table and
 * the "all servers" rows (seed 001).
 */
import type { Construct } from 'constructs';
import { SKYPE_ROLE_KINDS, type CatalogRole } from '../catalog/roles';
import type { PeerClass } from '../catalog/types';
import type { RoleDeclaration } from '../core/role';
import { SkypeRole, type OutsideMarker, type SkypeOutsideProps, type SkypeRoleProps } from './skype-role';
import { checkOutsideProps, checkProps, type PropSchema } from '../core/props';
import { SKYPE_OUTSIDE_KEYS, skypeRoleProps } from './props';

/**
 * Props of a Persistent Chat pool. Persistent Chat exists in Skype for Business Server 2015 only
 * (2019 removed the role): `version: 2015` is required, since the default is `'SE'`.
 */
export type PersistentChatPoolProps = SkypeRoleProps;

/** Run-time checks of PersistentChatPoolProps (one per prop; keep in step with the interface). */
const PERSISTENT_CHAT_POOL_PROPS: PropSchema = skypeRoleProps('PersistentChatPool');

/** A Persistent Chat Front End pool, on Azure or AWS depending on `network`. */
export class PersistentChatPool extends SkypeRole {
  /** A Persistent Chat pool outside the cloud, by its addresses. */
  static fromAddresses(scope: Construct, id: string, props: SkypeOutsideProps): PersistentChatPool {
    checkOutsideProps(scope, id, 'PersistentChatPool', props, PERSISTENT_CHAT_POOL_PROPS, SKYPE_OUTSIDE_KEYS);
    return new PersistentChatPool(scope, id, { ...props, outsideCidrs: props.cidrs } as PersistentChatPoolProps & OutsideMarker);
  }

  constructor(scope: Construct, id: string, props: PersistentChatPoolProps) {
    super(scope, id, checkProps(scope, id, 'PersistentChatPool', props, PERSISTENT_CHAT_POOL_PROPS), 'Skype for Business Persistent Chat pool', { siteKind: 'persistent-chat' });
    this.require2015('PersistentChatPool is a Persistent Chat pool', 'move persistent chat to Teams and leave the pool out');
  }

  plays(): readonly PeerClass[] {
    return SKYPE_ROLE_KINDS['persistent-chat'].plays;
  }

  protected catalogRoles(): readonly CatalogRole[] {
    return SKYPE_ROLE_KINDS['persistent-chat'].catalogRoles;
  }

  protected declare(): RoleDeclaration {
    return this.declarePairs();
  }
}
