/**
 * Reads synthesized Terraform JSON (cdk.tf.json) back into the boundaries and rules the verifier
 * evaluates: roles by their `name` (from the boundary outputs and tags), their groups, and every
 * NSG rule (Azure) or security group rule (AWS). Engine-free: plain JSON in, plain data out.
 */

/** A synthesized stack, as parsed JSON. */
export interface TerraformJson {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { value?: unknown }>;
}

/** One role's boundary: the groups its hosts are in (ASG or SG references), and its NSG (Azure). */
export interface Boundary {
  readonly role: string;
  /** Terraform references of the groups the role's hosts join: own ASG/SG first, then alsoAttach. */
  readonly groups: readonly string[];
  /** Azure: reference of the role's NSG (absent for a group boundary). */
  readonly nsg?: string;
}

export interface AzureRule {
  readonly address: string;
  readonly name: string;
  readonly nsg: string;
  readonly priority: number;
  readonly direction: 'Inbound' | 'Outbound';
  readonly access: 'Allow' | 'Deny';
  readonly protocol: string;
  readonly ports: readonly string[];
  readonly sourcePrefixes: readonly string[];
  readonly sourceGroups: readonly string[];
  readonly destinationPrefixes: readonly string[];
  readonly destinationGroups: readonly string[];
}

export interface AwsRule {
  readonly address: string;
  readonly securityGroup: string;
  readonly direction: 'ingress' | 'egress';
  /** `-1` (all), `tcp`, `udp`, `icmp`, or a protocol number. */
  readonly protocol: string;
  readonly from?: number;
  readonly to?: number;
  readonly cidr?: string;
  readonly referencedGroup?: string;
  readonly description?: string;
  /** The rule's Name tag (the planner's resource key). */
  readonly name?: string;
}

export interface ParsedStack {
  readonly cloud: 'azure' | 'aws';
  readonly boundaries: ReadonlyMap<string, Boundary>;
  readonly azureRules: readonly AzureRule[];
  readonly awsRules: readonly AwsRule[];
}

/** `${azurerm_network_security_group.x.name}` -> `azurerm_network_security_group.x`. */
export function refOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^\$\{([a-z0-9_]+\.[^.}]+)(?:\.[a-z_]+)?\}$/.exec(value);
  return m ? m[1] : undefined;
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined || v === null ? [] : [String(v)]);

/** Parses one stack. Throws when it holds neither Azure NSG nor AWS security group resources. */
export function parseStack(json: TerraformJson): ParsedStack {
  const res = json.resource ?? {};
  const azure = !!(res.azurerm_network_security_group || res.azurerm_application_security_group);
  const aws = !!res.aws_security_group;
  if (!azure && !aws) throw new Error('no azurerm_network_security_group or aws_security_group resources in this Terraform JSON');
  const boundaries = new Map<string, Boundary>();
  for (const o of Object.values(json.output ?? {})) {
    const v = o?.value as Record<string, unknown> | undefined;
    if (!v || typeof v !== 'object' || typeof v.role !== 'string') continue;
    const own = refOf(v.applicationSecurityGroupId) ?? refOf(v.securityGroupId);
    if (!own) continue;
    boundaries.set(v.role, { role: v.role, groups: [own, ...list(v.alsoAttach).map(refOf).filter((x): x is string => !!x)], nsg: refOf(v.networkSecurityGroupId) });
  }
  if (aws) {
    // Security groups without a boundary output (the network load balancers'): by their name tag.
    const known = new Set([...boundaries.values()].map((b) => b.groups[0]));
    for (const [id, sg] of Object.entries(res.aws_security_group ?? {})) {
      const ref = `aws_security_group.${id}`;
      const name = String((sg.tags as Record<string, string> | undefined)?.Name ?? sg.name ?? id);
      if (!known.has(ref) && !boundaries.has(name)) boundaries.set(name, { role: name, groups: [ref] });
    }
    // A load balancer's hosts are in every security group it lists (its own first; a site's also the hub's stand-in).
    for (const lb of Object.values(res.aws_lb ?? {})) {
      const groups = list(lb.security_groups).map((g) => refOf(g) ?? g);
      const b = [...boundaries.values()].find((x) => x.groups.length === 1 && x.groups[0] === groups[0]);
      if (b && groups.length > 1) boundaries.set(b.role, { ...b, groups: [...new Set(groups)] });
    }
  }
  const azureRules: AzureRule[] = Object.entries(res.azurerm_network_security_rule ?? {}).map(([id, r]) => ({
    address: `azurerm_network_security_rule.${id}`,
    name: String(r.name),
    nsg: refOf(r.network_security_group_name) ?? String(r.network_security_group_name),
    priority: Number(r.priority),
    direction: r.direction === 'Outbound' ? 'Outbound' : 'Inbound',
    access: r.access === 'Deny' ? 'Deny' : 'Allow',
    protocol: String(r.protocol),
    ports: [...list(r.destination_port_range), ...list(r.destination_port_ranges)],
    sourcePrefixes: [...list(r.source_address_prefix), ...list(r.source_address_prefixes)],
    sourceGroups: list(r.source_application_security_group_ids).map((x) => refOf(x) ?? x),
    destinationPrefixes: [...list(r.destination_address_prefix), ...list(r.destination_address_prefixes)],
    destinationGroups: list(r.destination_application_security_group_ids).map((x) => refOf(x) ?? x),
  }));
  const awsRules: AwsRule[] = (['ingress', 'egress'] as const).flatMap((direction) =>
    Object.entries(res[`aws_vpc_security_group_${direction}_rule`] ?? {}).map(([id, r]) => ({
      address: `aws_vpc_security_group_${direction}_rule.${id}`,
      securityGroup: refOf(r.security_group_id) ?? String(r.security_group_id),
      direction,
      protocol: String(r.ip_protocol),
      from: typeof r.from_port === 'number' ? r.from_port : undefined,
      to: typeof r.to_port === 'number' ? r.to_port : undefined,
      cidr: (r.cidr_ipv4 ?? r.cidr_ipv6) as string | undefined,
      referencedGroup: refOf(r.referenced_security_group_id),
      description: r.description as string | undefined,
      name: (r.tags as Record<string, string> | undefined)?.Name,
    })),
  );
  return { cloud: azure ? 'azure' : 'aws', boundaries, azureRules, awsRules };
}

/** cdktf's cross-stack reference: an output of another stack, read from its state. */
const REMOTE_REF = /\$\{data\.terraform_remote_state\.cross-stack-reference-input-([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)\}/g;
/** A reference to a resource of the same stack (not yet qualified with its stack). */
const LOCAL_REF = /\$\{([a-z0-9_]+)\.([^.}@]+)(\.[a-z_]+)?\}/g;

/**
 * Parses every stack of an app as one: roles are named `<stack>/<role>`, and a rule in one stack
 * that names another stack's group through a cdktf cross-stack reference (`terraform_remote_state`)
 * names that group, so flows between roles of different stacks (a site and its hub) can be
 * verified. Stacks of another cloud than `cloud` (default: the first parsable stack's), and stacks
 * without boundaries, are left out.
 */
export function parseApp(stacks: readonly { readonly name: string; readonly json: TerraformJson }[], cloud?: 'azure' | 'aws'): ParsedStack {
  const outputs = new Map(stacks.map((s) => [s.name, s.json.output ?? {}]));
  const qualify = (stack: string, text: string) => text.replace(LOCAL_REF, (_m, type: string, key: string, attr: string | undefined) => `\${${type}.${key}@${stack}${attr ?? ''}}`);
  const boundaries = new Map<string, Boundary>();
  const azureRules: AzureRule[] = [];
  const awsRules: AwsRule[] = [];
  for (const { name, json } of stacks) {
    const remote = JSON.stringify({ resource: json.resource ?? {}, output: json.output ?? {} }).replace(REMOTE_REF, (m, origin: string, output: string) => {
      const value = outputs.get(origin)?.[output]?.value;
      return typeof value === 'string' ? qualify(origin, value) : m;
    });
    const rewritten = JSON.parse(qualify(name, remote)) as { resource: Record<string, Record<string, Record<string, unknown>>>; output: TerraformJson['output'] };
    const resource = Object.fromEntries(Object.entries(rewritten.resource).map(([type, byId]) => [type, Object.fromEntries(Object.entries(byId).map(([id, body]) => [`${id}@${name}`, body]))]));
    let parsed: ParsedStack;
    try {
      parsed = parseStack({ resource, output: rewritten.output });
    } catch {
      continue;
    }
    if (cloud === undefined) cloud = parsed.cloud;
    if (parsed.cloud !== cloud) continue;
    for (const [role, b] of parsed.boundaries) boundaries.set(`${name}/${role}`, { ...b, role: `${name}/${role}` });
    azureRules.push(...parsed.azureRules);
    awsRules.push(...parsed.awsRules);
  }
  if (!cloud) throw new Error('no stack holds azurerm_network_security_group or aws_security_group resources');
  return { cloud, boundaries, azureRules, awsRules };
}
