/**
 * SkypeHybridEgress: what the Front End pools of a Skype for Business Server deployment in hybrid
 * with Microsoft 365 reach, through the egress machinery (one group boundary the pools join).
 *
 * Documented: server-to-server authentication with Microsoft 365 ("Configure server-to-server
 * authentication for a Skype for Business Server hybrid environment", APPLIES TO 2015 2019
 * Subscription Edition, https://learn.microsoft.com/en-us/SkypeForBusiness/manage/authentication/configure-a-hybrid-environment):
 * the pool trusts the authorization server at `https://accounts.accesscontrol.windows.net/<tenant>/metadata/json/1`,
 * a name of Microsoft 365 endpoint set 56 (Common, identity: Allow, required, TCP 80/443), whose
 * published addresses and names are rendered here (HYBRID_FRONT_END_SETS).
 *
 * Left out: the "dedicated hybrid application" of the August 2025 updates (which replaces the shared
 * service principal for Exchange Online access) is described only by third-party pages in the
 * sources read; no Microsoft page gives its endpoints, so no rule is derived from it.
 */
import type { Construct } from 'constructs';
import { m365Snapshot, setCitation } from '../catalog/m365-endpoints';
import { MsPortsError } from '../model/errors';
import { firewallAddressRules, namedSetPeers, nameSourceOfSet, setFlows, type NameSource } from '../plan/egress';
import { MicrosoftEgress, type EgressSelection, type MicrosoftEgressProps } from './egress';

/** The page that documents the Front End's server-to-server authentication with Microsoft 365 in hybrid. */
export const HYBRID_S2S_DOC = 'https://learn.microsoft.com/en-us/SkypeForBusiness/manage/authentication/configure-a-hybrid-environment';

/** Endpoint sets the Front End pools reach in hybrid: 56 (identity; it holds accounts.accesscontrol.windows.net, the metadata URL of HYBRID_S2S_DOC). */
export const HYBRID_FRONT_END_SETS: readonly number[] = [56];

/** The authorization server name the page configures (New-CsOAuthServer microsoft.sts -MetadataUrl). */
export const HYBRID_AUTH_NAME = 'accounts.accesscontrol.windows.net';

/** Egress of the Front End pools of a hybrid deployment (made by EdgeServer({ hybrid: true })). */
export class SkypeHybridEgress extends MicrosoftEgress {
  constructor(scope: Construct, id: string, props: MicrosoftEgressProps) {
    super(scope, id, props, 'Skype for Business hybrid');
  }

  protected select(): EgressSelection {
    const snap = m365Snapshot();
    const v = snap.version;
    const sets = HYBRID_FRONT_END_SETS.map((id) => {
      const set = snap.endpoints.find((s) => s.id === id);
      if (!set) throw new MsPortsError(this.node.path, `endpoint set ${id} is not in snapshot ${snap.version}`, 'refresh the endpoints snapshot, or report the change: the hybrid Front End egress reads set 56 (identity)');
      if (!(set.urls ?? []).includes(HYBRID_AUTH_NAME)) {
        throw new MsPortsError(this.node.path, `endpoint set ${id} of snapshot ${snap.version} no longer lists ${HYBRID_AUTH_NAME}`, 'review HYBRID_FRONT_END_SETS against the snapshot (the authorization server of server-to-server authentication must stay covered)');
      }
      return set;
    });
    const flows = sets.flatMap((s) => setFlows(s, v));
    const names: NameSource[] = sets.flatMap((s) => nameSourceOfSet(s, v) ?? []);
    return {
      flows,
      names,
      skipped: [],
      warnings: [],
      version: v,
      endpointSets: sets.map((s) => s.id),
      notes: [`${setCitation(56, v)}: server-to-server authentication of the Front End pools with Microsoft 365 (${HYBRID_AUTH_NAME}, ${HYBRID_S2S_DOC})`],
      firewallAddressRules: firewallAddressRules(flows, namedSetPeers(sets)),
    };
  }
}
