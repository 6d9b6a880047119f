/**
 * OneDriveEgress: OneDrive clients and servers reaching OneDrive, by address (the SharePoint
 * service area's endpoint sets, which carry OneDrive for work or school) and by name (those sets'
 * URLs and the proxy-bypass names of seed 000). The blog's 17125 and 6667 (no official backing) are
 * community entries: off unless enabled by id, and then a visible warning at synth.
 */
import type { Construct } from 'constructs';
import { m365Snapshot, setCitation } from '../catalog/m365-endpoints';
import { ONEDRIVE_NAMES, ONEDRIVE_PORTS } from '../catalog/onedrive';
import { applies, declareFlows } from '../model/declare';
import { MsPortsError } from '../model/errors';
import type { Flow, SkippedEntry } from '../model/intent';
import { firewallAddressRules, namedSetPeers, nameSourceOfEntry, nameSourceOfSet, selectEndpointSets, setFlows, setPeers, type NameSource } from '../plan/egress';
import { checkProps, type PropSchema } from '../core/props';
import { EGRESS_PROPS, MicrosoftEgress, type EgressSelection, type MicrosoftEgressProps } from './egress';
import { OPTIONAL_SETS } from './office365';

export interface OneDriveEgressProps extends MicrosoftEgressProps {
  /** Optional SharePoint endpoint sets to take as well, by id, or `'all'`. Default: none. */
  readonly optionalSets?: readonly number[] | 'all';
}

/** Run-time checks of OneDriveEgressProps (one per prop; keep in step with the interface). */
const ONEDRIVE_EGRESS_PROPS: PropSchema = { ...EGRESS_PROPS, optionalSets: OPTIONAL_SETS };

/** Egress to OneDrive on Azure or AWS. Community ports only with `enable: ['onedrive.community.17125', ...]`. */
export class OneDriveEgress extends MicrosoftEgress {
  constructor(scope: Construct, id: string, props: OneDriveEgressProps) {
    super(scope, id, checkProps(scope, id, 'OneDriveEgress', props, ONEDRIVE_EGRESS_PROPS), 'OneDrive');
  }

  protected select(): EgressSelection {
    const p = this.props as OneDriveEgressProps;
    const enabled = new Set(p.enable ?? []);
    for (const id of enabled) {
      if (!ONEDRIVE_PORTS.some((e) => e.id === id)) {
        throw new MsPortsError(this.node.path, `enable lists "${id}", which is not a OneDrive catalog entry`, `use one of ${ONEDRIVE_PORTS.filter((e) => e.requirement !== 'required').map((e) => e.id).join(', ')}`);
      }
    }
    const snap = m365Snapshot();
    const v = snap.version;
    const optional = p.optionalSets;
    const { selected, left } = selectEndpointSets(snap.endpoints, {
      serviceAreas: ['SharePoint'],
      categories: ['Optimize', 'Allow', 'Default'],
      includeOptional: optional === 'all',
      optionalSetIds: Array.isArray(optional) ? optional : [],
    });
    const flows: Flow[] = selected.flatMap((s) => setFlows(s, v));
    const names: NameSource[] = [...selected.flatMap((s) => nameSourceOfSet(s, v) ?? []), ...ONEDRIVE_NAMES.map(nameSourceOfEntry)];
    const skipped: SkippedEntry[] = left.filter((l) => !l.reason.startsWith('service area')).map((l) => ({ catalogId: setCitation(l.id, v), reason: l.reason }));
    const warnings: string[] = [];
    // The OneDrive ports go to the addresses Microsoft publishes for OneDrive: the SharePoint sets with TCP ports.
    const sets = selected.filter((s) => s.ips?.length && s.tcpPorts);
    for (const e of ONEDRIVE_PORTS) {
      const why = applies(e, { enabled });
      if (why) {
        skipped.push({ catalogId: e.id, reason: e.source.confidence === 'community' ? `community claim without official backing; ${why} (enable it by id to render it)` : why });
        continue;
      }
      if (sets.length === 0) {
        skipped.push({ catalogId: e.id, reason: 'no selected SharePoint endpoint set publishes addresses' });
        continue;
      }
      for (const set of sets) {
        const d = declareFlows([e], { path: this.node.path, peers: { 'microsoft-online': setPeers(set, v) }, enabled });
        flows.push(...d.flows.map((f) => ({ ...f, catalogIds: [...f.catalogIds, setCitation(set.id, v)] })));
        skipped.push(...d.skipped);
      }
      if (e.source.confidence === 'community') {
        warnings.push(
          `${e.id} (TCP ${e.ports.join(',')}) is a COMMUNITY claim with no Microsoft source (${e.source.document}); rendered only because it was enabled, to the OneDrive (SharePoint) endpoint addresses; its rules cite ${e.id}`,
        );
      }
    }
    const firewallAddresses = firewallAddressRules(selected.flatMap((s) => setFlows(s, v)), namedSetPeers(selected));
    return { flows, names, skipped, warnings, version: v, endpointSets: selected.map((s) => s.id), firewallAddressRules: firewallAddresses };
  }
}
