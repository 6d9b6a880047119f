/**
 * Cloud limits the planner enforces, as data (no provider imports).
 * Source: shared/reference/cloud-limits.md sections 1, 2, 4, 6 and 7.
 */
/**
 * Characters both clouds accept in rule descriptions: AWS's set (API_IpRange) without '&', which the
 * VPC guide leaves out. Azure accepts these too. One definition for descriptions and written reasons.
 */
export const SAFE_TEXT_CHARS = 'A-Za-z0-9 ._\\-:/()#,@[\\]+=;{}!$*';

const UNSAFE_CHAR = new RegExp(`[^${SAFE_TEXT_CHARS}]`);
const UNSAFE_CHARS = new RegExp(`[^${SAFE_TEXT_CHARS}]`, 'g');

/** Text made safe for a description: other characters become spaces, runs of spaces collapse. */
export function safeText(s: string): string {
  // Most text is safe already (one space between words, none at the ends): returned as is.
  if (!UNSAFE_CHAR.test(s) && !s.includes('  ') && s.trim() === s) return s;
  return s.replace(UNSAFE_CHARS, ' ').replace(/\s+/g, ' ').trim();
}

export interface CloudProfile {
  readonly cloud: 'azure' | 'aws';
  /** Rule description: maximum length and allowed characters. */
  readonly descriptionMaxLength: number;
  readonly descriptionCharset: RegExp;
  /** Rule name: maximum length and pattern (Azure NSG rule names; AWS uses names only as Terraform ids). */
  readonly ruleNameMaxLength: number;
  readonly ruleNamePattern: RegExp;
  /** Listeners (AWS NLB) or load-balancing rules (Azure LB) per load balancer. */
  readonly maxListeners: number;
  /** Transports the cloud's rules cannot name (widened to all protocols only with a written reason). */
  readonly unsupportedTransports: readonly string[];
}

/** AWS: SG rule description <= 255 of a-zA-Z0-9 space ._-:/()#,@[]+=;{}!$* ('&' left out: the VPC guide omits it). NLB: 50 listeners, not adjustable. */
export const AWS_PROFILE: CloudProfile = {
  cloud: 'aws',
  descriptionMaxLength: 255,
  descriptionCharset: new RegExp(`^[${SAFE_TEXT_CHARS}]*$`),
  ruleNameMaxLength: 255,
  ruleNamePattern: /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
  maxListeners: 50,
  unsupportedTransports: [],
};

/** Default AWS quota: 60 inbound and 60 outbound rules per security group, counted per IP version. */
export const AWS_DEFAULT_RULES_PER_SG = 60;

/** Default AWS quota: 5 security groups per network interface (adjustable up to 16; rules x groups <= 1000). */
export const AWS_DEFAULT_SGS_PER_ENI = 5;

/** Azure: NSG rule description <= 140; names 1-80 of [A-Za-z0-9_.-], start alphanumeric, end alphanumeric or '_'. LB: 1500 rules. */
export const AZURE_PROFILE: CloudProfile = {
  cloud: 'azure',
  descriptionMaxLength: 140,
  descriptionCharset: /^[\x20-\x7e]*$/,
  ruleNameMaxLength: 80,
  ruleNamePattern: /^[A-Za-z0-9]([A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$/,
  maxListeners: 1500,
  /** An NSG rule knows Tcp, Udp, Icmp, Esp, Ah and * only: GRE (PPTP) cannot be expressed. */
  unsupportedTransports: ['gre'],
};

/** Azure NSG limits: custom rule priorities 100-4096 unique per direction; 1000 rules per NSG. */
export const AZURE_PRIORITY_MIN = 100;
export const AZURE_PRIORITY_MAX = 4096;
export const AZURE_MAX_RULES_PER_NSG = 1000;

/**
 * Tag on every Azure application security group the library creates: the virtual network it serves.
 * NSG rules may name ASGs of one virtual network only; lib/verify/deployable.ts reads the tag.
 */
export const ASG_VIRTUAL_NETWORK_TAG = 'ms-ports-virtual-network';

/**
 * Suffix of the output an AwsNetwork given raised quotas writes (`<network id>-account-quotas`): the
 * quotas the stack needs the account to allow (lib/verify/deployable.ts reads it).
 */
export const AWS_QUOTAS_OUTPUT_SUFFIX = '-account-quotas';

/** Suffix of the output an AwsNetwork with `peeredVpcIds` writes (`<network id>-vpc-peerings`); lib/verify/deployable.ts reads it. */
export const AWS_PEERINGS_OUTPUT_SUFFIX = '-vpc-peerings';

/** Suffix of the output a network whose rules name existing pieces (Peers.*) writes (`<network id>-existing-peers`). */
export const EXISTING_PEERS_OUTPUT_SUFFIX = '-existing-peers';
