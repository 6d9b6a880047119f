/**
 * Egress to Microsoft's online services, by address and by name, on both clouds:
 *
 * - by address and port: the endpoint sets' published ranges (IPv4 and IPv6) become egress rules
 *   through the planner. The rules live in a group boundary the source roles join: on Azure they are
 *   rendered into each source role's NSG; on AWS they are a security group the hosts attach, split
 *   over several groups when one would exceed the rules quota (each set and IP version is a
 *   customer-managed prefix list; a rule referencing it counts its max entries);
 * - by name: an Azure Firewall Policy rule collection group (application rules) or an AWS Network
 *   Firewall stateful domain list, with wildcards translated per cloud;
 * - beside the Terraform: a PAC file and a proxy-bypass list, and a short report (Markdown) with the
 *   numbers, written to `<outdir>/egress/` at synth.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Aspects, TerraformStack, type IAspect } from 'cdktf';
import { Construct, type IConstruct } from 'constructs';
import type { AwsNetwork } from '../aws/network';
import { AWS_DOMAIN_TARGET_TYPES, awsAddressRuleCount, renderAwsAddressRules, renderAwsDomainList } from '../aws/firewall';
import { renderAzureNameRules } from '../azure/firewall';
import { NetworkBinding } from '../core/binding';
import { assertSameBuild } from '../core/engine';
import { bool, integer, list, object, str, stringMap, type Check, type PropSchema } from '../core/props';
import { checkJustification, isConstructLike, SecurityRole, type RoleDeclaration } from '../core/role';
import { parseCidr } from '../model/cidr';
import { checkSourceAddresses } from '../checks/sources';
import { MsPortsError } from '../model/errors';
import { formatPorts } from '../model/ports';
import type { Flow, SkippedEntry } from '../model/intent';
import { describe, fnv1a, safeName } from '../plan/planner';
import { AWS_PROFILE } from '../plan/profiles';
import { awsPeerCosts, planNames, sizeCapacity, type FirewallAddressRule, type NamePlan, type NameSource } from '../plan/egress';
import { bypassList, isProxyAddress, pacFile } from '../report/pac';
import { egressReportMarkdown, type EgressReport } from '../report/egress-report';

/** The group boundary that holds an egress construct's address rules (one per AWS shard). */
export class EgressGroup extends SecurityRole {
  private readonly source: () => { flows: Flow[]; skipped: SkippedEntry[] };

  constructor(scope: Construct, id: string, network: NetworkBinding, name: string, kind: string, source: () => { flows: Flow[]; skipped: SkippedEntry[] }) {
    super(scope, id, { network, name }, kind, { group: true });
    this.source = source;
  }

  protected declare(): RoleDeclaration {
    return this.source();
  }
}

/** How the name half is rendered. */
export interface EgressFirewallProps {
  /**
   * Azure: the id of the Firewall Policy that receives the rule collection group. Required on Azure
   * unless `firewall` is `false`.
   */
  readonly azureFirewallPolicyId?: string;
  /** Azure: priority of the rule collection group (100-65000). Default: 1000 plus a hash of the name (1000-9999). */
  readonly priority?: number;
  /**
   * AWS: capacity headroom over the estimated rule count, in percent (capacity is fixed at
   * creation). Default 100 (double), rounded up to a multiple of 100, at most 30000.
   */
  readonly capacityHeadroomPercent?: number;
  /**
   * Source addresses of the name rules (Azure `source_addresses`, AWS `HOME_NET`). Default: the
   * CIDRs given in `from`. Required when `from` holds only roles (roles have no addresses of their own).
   */
  readonly sourceAddresses?: readonly string[];
}

/** Where the PAC file sends what is not selected. */
export interface EgressPacProps {
  /** `host:port` of the proxy for every other name, e.g. `proxy.contoso.com:8080`. */
  readonly proxy: string;
  /** Send plain (single-label, intranet) host names DIRECT as well. Default false. */
  readonly directPlainHostNames?: boolean;
}

/** Props every egress construct takes. */
export interface MicrosoftEgressProps {
  /** The network binding (`AzureNetwork` or `AwsNetwork`) of the source roles. */
  readonly network: NetworkBinding;
  /** Name of the group boundary (and prefix of the firewall resources). Default: the construct id, lowercased. */
  readonly name?: string;
  /**
   * Who reaches the service: roles on `network` (they join the egress group: its rules go into
   * their NSGs on Azure; on AWS their hosts attach its security groups) and/or CIDRs or roles
   * outside the cloud (e.g. `ClientNetwork.fromAddresses`: their addresses are sources of the name
   * rules). At least one.
   */
  readonly from: readonly (SecurityRole | string)[];
  /**
   * The name half: `false` to render none (the report lists what is left out). Default: rendered;
   * on Azure that needs `azureFirewallPolicyId`.
   */
  readonly firewall?: EgressFirewallProps | false;
  /** Write a PAC file sending the selected names DIRECT and the rest to this proxy. Default: no PAC file (the bypass list is always written). */
  readonly pac?: EgressPacProps;
  /**
   * The tenant name (e.g. `contoso`) for names with a tenant part (`autodiscover.<tenant>.onmicrosoft.com`).
   * Default: none; such names are then left out of the firewall rules (reported) and matched by wildcard in the PAC file.
   */
  readonly tenantName?: string;
  /** Optional, legacy or community catalog entries to enable, by id. Default: none. */
  readonly enable?: readonly string[];
  /** Tags for taggable resources (AWS rule group). */
  readonly tags?: Readonly<Record<string, string>>;
}

/** What a subclass selects: address flows (grouped by peer), names, skipped entries, warnings. */
export interface EgressSelection {
  readonly flows: readonly Flow[];
  /**
   * Flows documented for clients only (seed 003: the Skype for Business Online client, with its
   * source ports). On both clouds a second group joined by the client roles only (roles that play
   * `clients`, e.g. ClientNetwork), so servers get no client rows: Azure renders it into the client
   * roles' NSGs (with the source ports), AWS makes it a security group their hosts attach (without).
   */
  readonly clientFlows?: readonly Flow[];
  readonly names: readonly NameSource[];
  readonly skipped: readonly SkippedEntry[];
  /** Printed once at synth and listed in the report (community ports, legacy services, cloud gaps). */
  readonly warnings: readonly string[];
  /**
   * Endpoint-set flows the names cannot carry (UDP, other TCP ports, sets without names), rendered
   * in the cloud firewall for the source CIDRs (client networks reach Microsoft through it).
   */
  readonly firewallAddressRules?: readonly FirewallAddressRule[];
  /** Explicit HTTP ports of the names (Messenger URLs with a port). */
  readonly httpPorts?: readonly number[];
  /** Snapshot version the selection cites, when it uses the endpoint sets. */
  readonly version?: string;
  /** Endpoint set ids selected (for the report). */
  readonly endpointSets?: readonly number[];
  /** How a documented row was rendered when it differs from the row as written (for the report). */
  readonly notes?: readonly string[];
  /** Lines for the report and the PAC header (e.g. the HTTPS timeout setting). */
  readonly settings?: readonly string[];
}

/**
 * The rule group description: the endpoint set ids with the snapshot version, then the catalog ids;
 * what does not fit in AWS's 512 characters is counted ("+N more, see report"), never cut silently.
 */
export function nameRulesDescription(kind: string, ids: readonly string[], version?: string): string {
  const sets = ids.filter((i) => /^m365\.set\d+\./.test(i)).map((i) => Number(/^m365\.set(\d+)\./.exec(i)![1])).sort((a, b) => a - b);
  const others = ids.filter((i) => !/^m365\.set\d+\./.test(i));
  const lead = `${kind} names${sets.length ? `: Microsoft 365 endpoint sets ${sets.join(',')} snapshot v${version}` : ''}`;
  return describe(lead, others, { ...AWS_PROFILE, descriptionMaxLength: 512 });
}

const TENANT = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** `from`: a list of roles and CIDR strings (what each item is and holds is checked by the constructor). */
const FROM: Check = (v, at, ctx) =>
  list((x, a, c) => {
    if (typeof x !== 'string' && !isConstructLike(x)) {
      throw new MsPortsError(c.path, `${a} ${JSON.stringify(x) ?? String(x)} is neither a role nor a CIDR`, `list role constructs or CIDR strings in ${at}`);
    }
  })(v, at, ctx);

/**
 * Run-time checks of MicrosoftEgressProps, shared by every egress construct's schema (one per prop;
 * keep in step with the interfaces). Values a check leaves through are judged by the constructor
 * (emptiness, CIDRs, the tenant and proxy formats), which names them the same way.
 */
export const EGRESS_PROPS: PropSchema = {
  network: () => undefined, // checked by the constructor (a network binding)
  name: str({ nonEmpty: true }),
  from: FROM,
  firewall: (v, at, ctx) => {
    if (v === false) return;
    object(
      {
        azureFirewallPolicyId: str({ nonEmpty: true }),
        priority: integer(100, 65000),
        capacityHeadroomPercent: integer(0, 1000),
        sourceAddresses: list(str()),
      },
      'firewall',
    )(v, at, ctx);
  },
  pac: object({ proxy: str(), directPlainHostNames: bool() }, 'pac'),
  tenantName: str(),
  enable: list(str()),
  tags: stringMap(),
};

/** True for a role in the cloud that plays the clients of the catalog (e.g. ClientNetwork). */
export function isClientRole(r: SecurityRole): boolean {
  return !r.isOutside && r.plays().includes('clients');
}

/** Base of Office365Egress, OneDriveEgress and MessengerEgress. */
export abstract class MicrosoftEgress extends Construct {
  readonly network: NetworkBinding;
  /** Name of the (first) group boundary. */
  readonly egressName: string;
  /** The group boundaries holding the address rules: one on Azure; one or more (shards) on AWS. */
  readonly groups: readonly EgressGroup[];
  /** The name half of the plan (per cloud), for tests and reports. */
  readonly names: NamePlan;
  protected readonly props: MicrosoftEgressProps;
  private readonly selection: EgressSelection;
  private quota?: number;
  private addressRuleCount?: number;
  private readonly sourceCidrs: readonly string[];
  private readonly capacity?: ReturnType<typeof sizeCapacity>;
  private written = false;

  protected constructor(scope: Construct, id: string, props: MicrosoftEgressProps, kind: string) {
    super(scope, id);
    if (!props || !props.network) throw new MsPortsError(this.node.path, 'no network binding was given', 'pass `network: new AzureNetwork(...)` or `network: new AwsNetwork(...)`');
    if (!(props.network instanceof NetworkBinding)) {
      assertSameBuild(this, props.network, 'network binding', 'network');
      throw new MsPortsError(this.node.path, `network ${JSON.stringify(props.network) ?? String(props.network)} is not a network binding`, 'pass `network: new AzureNetwork(...)` or `network: new AwsNetwork(...)` of this build of the library');
    }

    this.props = props;
    this.network = props.network;
    this.egressName = props.name ?? id.toLowerCase();
    if (!Array.isArray(props.from) || props.from.length === 0) {
      throw new MsPortsError(this.node.path, 'from is empty', 'list the roles (e.g. the Front End pool) and/or client CIDRs that reach the service');
    }
    const roles: SecurityRole[] = [];
    const cidrs: string[] = [];
    for (const f of props.from) {
      if (f instanceof SecurityRole) {
        if (f.network !== props.network) throw new MsPortsError(this.node.path, `role ${f.node.path} is on another network binding`, 'use roles of the same network binding, or name their addresses as CIDRs');
        // A role outside the cloud (declared by its addresses) has no boundary: its addresses are sources of the name rules.
        if (f.isOutside) cidrs.push(...(f.outsideCidrs ?? []));
        else roles.push(f);
      } else if (typeof f === 'string') {
        this.cidr(f, 'from');
        cidrs.push(f);
      } else {
        throw new MsPortsError(this.node.path, `from lists ${String(f)}, which is neither a role nor a CIDR`, 'list role constructs or CIDR strings');
      }
    }
    if (props.tenantName !== undefined && !TENANT.test(props.tenantName)) {
      throw new MsPortsError(this.node.path, `tenantName "${props.tenantName}" is not a tenant name`, 'give the tenant part of <tenant>.onmicrosoft.com, e.g. "contoso"');
    }
    const fw = props.firewall === false ? undefined : (props.firewall ?? {});
    const sources = fw?.sourceAddresses ?? cidrs;
    if (fw?.sourceAddresses !== undefined && fw.sourceAddresses.length === 0) {
      throw new MsPortsError(this.node.path, 'firewall.sourceAddresses is empty', 'list the source CIDRs, or leave the prop out to use the CIDRs in `from`');
    }
    for (const c of sources) this.cidr(c, 'firewall.sourceAddresses');
    // The sources of the firewall rules no boundary holds: judged by the union of what they cover, like a role's peers.
    checkSourceAddresses(this.node.path, 'the egress firewall rules', [
      { prop: 'from', cidrs },
      { prop: 'firewall.sourceAddresses', cidrs: fw?.sourceAddresses ?? [] },
    ]);
    if (props.pac && !isProxyAddress(props.pac.proxy)) {
      throw new MsPortsError(this.node.path, `pac.proxy "${props.pac.proxy}" is not host:port`, 'write the proxy as host:port, e.g. "proxy.contoso.com:8080"');
    }
    if (fw && props.network.cloud === 'azure' && !fw.azureFirewallPolicyId) {
      throw new MsPortsError(this.node.path, 'firewall.azureFirewallPolicyId is missing', 'pass the id of the Azure Firewall Policy for the name rules, or firewall: false to render none');
    }
    this.sourceCidrs = [...sources];

    this.selection = this.select();
    this.names = planNames(this.selection.names, { tenantName: props.tenantName, version: this.selection.version, httpPorts: this.selection.httpPorts ? [80, 443, ...this.selection.httpPorts] : undefined });

    // Address half: one group boundary. On Azure its rules are rendered into each member's NSG; on
    // AWS the planner spreads its rules over as many security groups as the quota needs (a
    // prefix-list rule weighs its max entries), and the members attach them all.
    const flows = this.selection.flows;
    const clientFlows = this.selection.clientFlows ?? [];
    if (props.network.cloud === 'aws') {
      const quota = (props.network as AwsNetwork).rulesPerSecurityGroup;
      const big = [...awsPeerCosts(flows), ...awsPeerCosts(clientFlows)].find((c) => c.weight > quota);
      if (big) {
        throw new MsPortsError(
          this.node.path,
          `one rule to ${big.peer} needs ${big.weight} IPv${big.version} egress rules of the quota (a prefix-list rule counts its max entries), over the quota of ${quota} for one security group`,
          `raise the account's "rules per security group" quota and set rulesPerSecurityGroup on the AwsNetwork to at least ${big.weight}, or leave that endpoint set out`,
        );
      }
      this.quota = quota;
    }
    const mainFlows = [...flows];
    const main = new EgressGroup(this, 'group', props.network, this.egressName, `${kind} egress`, () => ({ flows: [...mainFlows], skipped: [...this.selection.skipped] }));
    const groups: EgressGroup[] = [main];
    // Roles join only a group that holds address rules (a names-only selection needs no boundary on the hosts).
    if (mainFlows.length > 0) for (const r of roles) r.joinGroup(main);
    if (clientFlows.length > 0) {
      const clients = new EgressGroup(this, 'client-group', props.network, `${this.egressName}-clients`, `${kind} egress (client rows)`, () => ({ flows: [...clientFlows], skipped: [] }));
      groups.push(clients);
      for (const r of roles) if (isClientRole(r)) r.joinGroup(clients);
    }
    this.groups = groups;

    // Name half.
    if (fw) {
      const addressRules = this.selection.firewallAddressRules ?? [];
      if (this.names.azureRules.length || this.names.awsTargets.length || addressRules.length) {
        if (this.sourceCidrs.length === 0) {
          throw new MsPortsError(this.node.path, 'the name rules need source addresses, but `from` holds only roles', 'pass firewall.sourceAddresses (the subnets of the roles), or firewall: false to render no name rules');
        }
      }
      const fwName = safeName(`${props.network.namePrefix}${this.egressName}-names`, 80);
      if (props.network.cloud === 'azure') {
        const priority = fw.priority ?? 1000 + (fnv1a(this.egressName) % 9000);
        if (!Number.isInteger(priority) || priority < 100 || priority > 65000) {
          throw new MsPortsError(this.node.path, `firewall.priority ${priority} is invalid`, 'use a whole number 100-65000');
        }
        if (this.names.azureRules.length || addressRules.length) {
          renderAzureNameRules(this, 'names', {
            name: fwName,
            firewallPolicyId: fw.azureFirewallPolicyId!,
            priority,
            sourceAddresses: this.sourceCidrs,
            rules: this.names.azureRules,
            addressRules,
          });
        }
      } else {
        const headroom = fw.capacityHeadroomPercent ?? 100;
        if (!Number.isInteger(headroom) || headroom < 0 || headroom > 1000) {
          throw new MsPortsError(this.node.path, `firewall.capacityHeadroomPercent ${headroom} is invalid`, 'use a whole number 0-1000');
        }
        this.capacity = sizeCapacity(this.names.awsTargets.length, AWS_DOMAIN_TARGET_TYPES.length, headroom);
        if (this.capacity.used > this.capacity.capacity) {
          throw new MsPortsError(this.node.path, `the domain list needs about ${this.capacity.used} rules, over the stateful rule group maximum of 30000`, 'select fewer endpoint sets');
        }
        if (this.names.awsTargets.length) {
          renderAwsDomainList(this, 'names', {
            name: fwName.replace(/[_.]/g, '-').slice(0, 128),
            targets: this.names.awsTargets,
            capacity: this.capacity,
            sourceAddresses: this.sourceCidrs,
            description: nameRulesDescription(kind, this.names.awsSourceIds, this.selection.version),
            tags: props.tags,
          });
        }
        if (addressRules.length) {
          renderAwsAddressRules(this, 'addresses', {
            name: safeName(`${props.network.namePrefix}${this.egressName}-addresses`, 128).replace(/[_.]/g, '-'),
            rules: addressRules,
            sourceAddresses: this.sourceCidrs,
            headroomPercent: headroom,
            description: `${kind} addresses the names cannot carry: ${[...new Set(addressRules.map((r) => r.citation))].join(' ')}`,
            tags: props.tags,
          });
          this.addressRuleCount = awsAddressRuleCount(addressRules);
        }
      }
    }
    const self = this;
    const aspect: IAspect = {
      visit(node: IConstruct) {
        if (node === TerraformStack.of(self)) self.atSynth();
      },
    };
    Aspects.of(TerraformStack.of(this)).add(aspect);
  }

  /** Subclasses pick catalog entries and endpoint sets from their props. */
  protected abstract select(): EgressSelection;

  private cidr(c: string, what: string): void {
    try {
      const parsed = parseCidr(c);
      if (parsed.prefix === 0) throw new MsPortsError(this.node.path, `${what} lists ${c}, the whole internet`, 'name the source networks');
    } catch (e) {
      if (e instanceof MsPortsError) throw e;
      throw new MsPortsError(this.node.path, `${what}: ${(e as Error).message}`, 'write a network address with a prefix, e.g. 10.30.0.0/16');
    }
  }

  /** Validates a written reason, with this construct's path. */
  protected justification(text: string, what: string): string {
    return checkJustification(this.node.path, text, what);
  }

  /** The numbers and decisions of this construct (engine-free data). */
  report(): EgressReport {
    const plan = this.network.plan();
    const mine = plan.roles.filter((r) => this.groups.some((g) => g.roleName === r.name));
    const members = plan.roles.filter((r) => r.memberOf.some((m) => this.groups.some((g) => g.roleName === m)));
    return {
      construct: this.node.path,
      cloud: this.network.cloud,
      version: this.selection.version,
      endpointSets: this.selection.endpointSets ?? [],
      groups: this.groups.map((g) => g.roleName),
      addressRules:
        this.network.cloud === 'aws'
          ? mine.flatMap((r) =>
              Array.from({ length: r.awsSecurityGroups }, (_, i) => {
                const rules = r.awsRules.filter((a) => (a.group ?? 0) === i && a.direction === 'egress');
                const used = (v: 4 | 6) => rules.filter((a) => (a.peer.kind === 'prefix-list' ? a.peer.version : a.peer.kind === 'cidr' ? a.peer.cidr.version : 4) === v).reduce((n, a) => n + a.weight, 0);
                return {
                  group: i === 0 ? r.name : `${r.name}-${i + 1}`,
                  resources: rules.length,
                  quotaV4: used(4),
                  quotaV6: used(6),
                  prefixLists: new Set(rules.flatMap((a) => (a.peer.kind === 'prefix-list' ? [a.peer.name] : []))).size,
                };
              }),
            )
          : members.map((r) => ({
              group: r.name,
              resources: r.rules.filter((x) => x.access === 'allow' && x.catalogIds.some((id) => this.cites(id))).length,
              quotaV4: 0,
              quotaV6: 0,
              prefixLists: 0,
            })),
      quota: this.quota,
      names: this.names,
      capacity: this.capacity,
      firewallAddressRules: (this.props.firewall === false ? [] : (this.selection.firewallAddressRules ?? [])).map((a) => ({ name: a.name, citation: a.citation, ports: `${a.transport} ${formatPorts(a.ports)}` })),
      awsStatefulRules: this.addressRuleCount,
      skipped: [...this.selection.skipped],
      warnings: this.warnings(),
      notes: [...(this.selection.notes ?? []), ...[...new Set([...mine, ...members].flatMap((r) => r.notes ?? []))].sort()],
      settings: this.selection.settings ?? [],
    };
  }

  private cites(id: string): boolean {
    return [...this.selection.flows, ...(this.selection.clientFlows ?? [])].some((f) => f.catalogIds.includes(id));
  }

  /** Warnings printed at synth (once) and listed in the report. */
  warnings(): string[] {
    const out = [...this.selection.warnings];
    const hasRules = this.selection.flows.length + (this.selection.clientFlows?.length ?? 0) > 0;
    const joined = this.network.registeredRoles.some((r) => r.memberOf.includes(this.egressName));
    if (hasRules && !joined) {
      out.push(
        this.network.cloud === 'azure'
          ? `no role joined ${this.egressName}: its address rules are in no NSG (on Azure they are rendered into the NSGs of the roles that join); the sources ${this.sourceCidrs.join(' ') || '(none)'} get the name rules and the PAC file only`
          : `no role joined ${this.egressName}: attach its security group(s) (the ${this.egressName} boundary output) to the source hosts' network interfaces, or the address rules apply to no host`,
      );
    }
    return out;
  }

  /** The PAC file text, when `pac` is configured. */
  pacText(): string | undefined {
    if (!this.props.pac) return undefined;
    return pacFile({
      title: this.node.path,
      matchers: this.names.pac,
      proxy: this.props.pac.proxy,
      directPlainHostNames: this.props.pac.directPlainHostNames,
      comments: [
        ...(this.selection.version ? [`Microsoft 365 endpoints snapshot version ${this.selection.version}`] : []),
        ...(this.selection.endpointSets?.length ? [`endpoint sets: ${this.selection.endpointSets.join(', ')}`] : []),
        ...(this.selection.settings ?? []),
        ...this.selection.warnings.map((w) => `WARNING: ${w}`),
      ],
    });
  }

  /** The proxy-bypass list (Windows proxy-override syntax). */
  bypassText(): string {
    return bypassList(this.names.bypass);
  }

  private atSynth(): void {
    if (this.written) return;
    this.written = true;
    for (const w of this.warnings()) {
      console.warn(`[cdktf-ms-ports] WARNING ${this.node.path}: ${w}`);
    }
    const outdir = App.of(this).outdir;
    if (!outdir) return;
    const dir = path.join(outdir, 'egress');
    fs.mkdirSync(dir, { recursive: true });
    const base = `${TerraformStack.of(this).node.id}-${this.egressName}`;
    fs.writeFileSync(path.join(dir, `${base}.bypass.txt`), this.bypassText());
    const pac = this.pacText();
    if (pac) fs.writeFileSync(path.join(dir, `${base}.pac`), pac);
    fs.writeFileSync(path.join(dir, `${base}.md`), egressReportMarkdown(this.report()));
  }
}
