/**
 * MessengerEgress: Windows Live Messenger (KB927847, seed 002), retired and so `legacy`: creating
 * the construct is the opt-in. Every URL becomes a name rule (on its scheme's or explicit port).
 * The feature port rows go to the whole internet (Microsoft published no addresses, and media and
 * file transfer are peer to peer), so they are rendered only with a written `internetJustification`.
 */
import type { Construct } from 'constructs';
import { messengerNames, MESSENGER_PORTS } from '../catalog/messenger';
import { declareFlows } from '../model/declare';
import { MsPortsError } from '../model/errors';
import type { Flow, SkippedEntry } from '../model/intent';
import { nameSourceOfEntry } from '../plan/egress';
import { checkProps, list, str, type PropSchema } from '../core/props';
import { EGRESS_PROPS, MicrosoftEgress, type EgressSelection, type MicrosoftEgressProps } from './egress';

/** Feature keys of the seed 002 port table (row order). */
export function messengerFeatures(): readonly string[] {
  return [...new Set(MESSENGER_PORTS.map((e) => e.id.split('.')[1]))];
}

export interface MessengerEgressProps extends MicrosoftEgressProps {
  /** Feature rows to render, by key (`sign-in`, `audio`, `file-transfer`, ...). Default: every row of the table. Source: seed 002. */
  readonly features?: readonly string[];
  /**
   * Written reason to open the features' ports to the whole internet (10-120 characters; it goes into
   * the rule descriptions). Default: none, so only the names are rendered and the port rows are reported as not rendered.
   */
  readonly internetJustification?: string;
}

/** Run-time checks of MessengerEgressProps (one per prop; keep in step with the interface). */
const MESSENGER_EGRESS_PROPS: PropSchema = { ...EGRESS_PROPS, features: list(str()), internetJustification: str() };

/** Egress for Windows Live Messenger clients (legacy), on Azure or AWS. */
export class MessengerEgress extends MicrosoftEgress {
  constructor(scope: Construct, id: string, props: MessengerEgressProps) {
    super(scope, id, checkProps(scope, id, 'MessengerEgress', props, MESSENGER_EGRESS_PROPS), 'Windows Live Messenger');
  }

  protected select(): EgressSelection {
    const p = this.props as MessengerEgressProps;
    const known = messengerFeatures();
    const features = p.features ?? known;
    if (features.length === 0) throw new MsPortsError(this.node.path, 'features is empty', `list feature keys (${known.join(', ')}) or leave the prop out for all`);
    for (const f of features) {
      if (!known.includes(f)) throw new MsPortsError(this.node.path, `features lists "${f}"`, `use ${known.join(', ')}`);
    }
    if (p.enable?.length) throw new MsPortsError(this.node.path, 'enable is not used by MessengerEgress', 'choose feature rows with `features`');
    const reason = p.internetJustification === undefined ? undefined : this.justification(p.internetJustification, 'internetJustification');
    const entries = MESSENGER_PORTS.filter((e) => features.includes(e.id.split('.')[1]));
    const enabled = new Set(entries.map((e) => e.id));
    const flows: Flow[] = [];
    const skipped: SkippedEntry[] = MESSENGER_PORTS.filter((e) => !enabled.has(e.id)).map((e) => ({ catalogId: e.id, reason: 'feature not selected' }));
    const warnings = ['Windows Live Messenger is retired (every entry is legacy, KB927847); its rules are rendered because MessengerEgress was created'];
    if (reason) {
      const d = declareFlows(entries, { path: this.node.path, peers: { internet: [{ kind: 'internet' }] }, enabled });
      flows.push(...d.flows.map((f) => ({ ...f, justification: reason })));
      skipped.push(...d.skipped);
      warnings.push(`the Messenger feature ports are open to the whole internet (no published addresses): ${reason}`);
    } else {
      for (const e of entries) skipped.push({ catalogId: e.id, reason: 'Messenger publishes no addresses: the port row needs the whole internet; pass internetJustification to render it' });
      warnings.push(`${entries.length} Messenger port entries (of ${new Set(entries.map((e) => e.source.rows[0])).size} feature rows) are not rendered (they need the whole internet): pass internetJustification to render them; only the names are allowed`);
    }
    const names = messengerNames();
    return { flows, names: names.map(nameSourceOfEntry), skipped, warnings, httpPorts: [...new Set(names.flatMap((n) => n.tcpPorts))].filter((x) => x !== 80 && x !== 443) };
  }
}
