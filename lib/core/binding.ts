/**
 * The network binding: the construct that decides the cloud. Roles register with it; at synth
 * it plans every role and hands the plan to its cloud renderer. This file (and role.ts) is the
 * only place the patterns meet cdktf; the catalog, model and planner stay engine-free.
 */
import { Aspects, TerraformStack, type IAspect, type TerraformResource } from 'cdktf';
import { Construct, type IConstruct } from 'constructs';
import type { CheckPack } from '../checks/types';
import { MsPortsError } from '../model/errors';
import { assertStackEngine, BINDING_BRAND, currentEngine } from './engine';
import type { RoleIntent } from '../model/intent';
import { planNetwork, type NetworkPlan } from '../plan/planner';
import type { CloudProfile } from '../plan/profiles';
import { ruleKey, type ReportInput } from '../report/report';
import { stackName, warningsOn, writeAppReport } from './report-files';
import type { SecurityRole } from './role';

const ROLE_NAME = /^[a-z][a-z0-9-]{0,38}[a-z0-9]$/;

/** Common props of every network binding. */
export interface NetworkBindingProps {
  /** Prefix for cloud resource names (security groups, NSGs, ASGs, load balancers). Default: none. */
  readonly namePrefix?: string;
  /**
   * Check packs to run at synth besides the library's own (`MS_PORTS_PACK`, which always runs).
   * Default: none. See lib/checks for the `CheckPack` shape.
   */
  readonly checkPacks?: readonly CheckPack[];
}

export abstract class NetworkBinding extends Construct {
  /** Which cloud this binding renders to. */
  abstract readonly cloud: 'azure' | 'aws';
  protected abstract readonly profile: CloudProfile;
  readonly namePrefix: string;
  private readonly checkPacks: CheckPack[];
  /** The CDK engine of this build of the library: `cdktf` (`cdktf-ms-ports`) or `cdktn` (`cdktf-ms-ports/cdktn`). */
  readonly engine: string;
  private readonly roles: SecurityRole[] = [];
  private renderedPlan?: NetworkPlan;
  private readonly addresses = new Map<string, string[]>();

  constructor(scope: Construct, id: string, props: NetworkBindingProps = {}) {
    super(scope, id);
    this.engine = currentEngine().name;
    Object.defineProperty(this, BINDING_BRAND, { value: this.engine });
    // Before anything looks the stack up: a stack of the other engine would be found (both mark
    // stacks with the same symbol) and get this build's provider resources.
    assertStackEngine(this, 'the network binding');
    this.namePrefix = props.namePrefix ?? '';
    this.checkPacks = [...(props.checkPacks ?? [])];
    if (this.namePrefix && !/^[a-z0-9][a-z0-9-]{0,20}$/.test(this.namePrefix)) {
      throw new MsPortsError(this.node.path, `namePrefix "${this.namePrefix}" is not usable in every cloud`, 'use 1-21 lowercase letters, digits or hyphens, starting with a letter or digit');
    }
    const binding = this;
    const aspect: IAspect = {
      visit(node: IConstruct) {
        if (node === TerraformStack.of(binding)) binding.renderOnce();
      },
    };
    Aspects.of(TerraformStack.of(this)).add(aspect);
  }

  /** Called by every role's constructor. Creates the role's boundary resources at once, so that others can reference them. */
  register(role: SecurityRole): void {
    if (this.renderedPlan) {
      throw new MsPortsError(role.node.path, 'the role was added after the network was synthesized', 'create every role before synthesizing');
    }
    if (!ROLE_NAME.test(role.roleName)) {
      throw new MsPortsError(
        role.node.path,
        `role name "${role.roleName}" cannot be used in resource names`,
        'pass `name` with 2-40 lowercase letters, digits and hyphens, starting with a letter (e.g. "fe-pool1")',
      );
    }
    const clash = this.roles.find((r) => r.roleName === role.roleName);
    if (clash) {
      throw new MsPortsError(role.node.path, `role name "${role.roleName}" is already used by ${clash.node.path}`, 'give each role on one network a unique `name`');
    }
    if (TerraformStack.of(role) !== TerraformStack.of(this)) {
      throw new MsPortsError(role.node.path, `the role is in another stack than its network ${this.node.path}`, 'create the role in the same stack as the network binding');
    }
    this.roles.push(role);
    if (!role.isOutside) this.createBoundary(role);
  }

  /** The roles registered so far, in registration order. */
  get registeredRoles(): readonly SecurityRole[] {
    return [...this.roles];
  }

  /** The intents of every role (built fresh: roles may still be wired until synth). */
  intents(): RoleIntent[] {
    return this.roles.map((r) => r.intent());
  }

  /**
   * Plans every role. Throws MsPortsError for bad input or a rule set over a cloud limit. Before
   * synth the plan is made afresh (roles may still be wired); after synth it is the rendered plan.
   */
  plan(): NetworkPlan {
    return this.renderedPlan ?? planNetwork(this.intents(), { profile: this.profile, path: this.node.path, checkPacks: this.checkPacks, ...this.planOptions() });
  }

  private renderOnce(): void {
    if (this.renderedPlan) return;
    const plan = this.plan();
    this.renderedPlan = plan;
    this.renderPlan(plan);
    if (warningsOn(this)) {
      for (const f of plan.checks?.findings ?? []) {
        if (f.status === 'fail') console.warn(`[cdktf-ms-ports] warning ${f.check} ${f.path}${f.rule ? ` rule ${f.rule}` : ''}: ${f.problem}. Fix: ${f.fix}`);
      }
    }
    writeAppReport({ construct: this, input: () => this.reportInput() });
  }

  /**
   * The report input of this network: its plan and the Terraform address of every rendered rule
   * resource. Complete after synth.
   */
  reportInput(): ReportInput {
    return { stack: stackName(this), network: this.node.path, plan: this.plan(), addresses: new Map(this.addresses) };
  }

  /** Renderers record each rule resource they create, so the report can name its Terraform address. */
  protected recordRuleResource(role: string, direction: string, rule: string, resource: TerraformResource): void {
    const key = ruleKey(role, direction, rule);
    const list = this.addresses.get(key) ?? [];
    list.push(`${resource.terraformResourceType}.${TerraformStack.of(this).getLogicalId(resource)}`);
    this.addresses.set(key, list);
  }

  protected planOptions(): { awsRulesPerSecurityGroup?: number; azurePriorityRange?: { from: number; to: number } } {
    return {};
  }

  /** Creates the role's security boundary (NSG + ASG, or security group) when the role is constructed. */
  protected abstract createBoundary(role: SecurityRole): void;

  /** Creates the rules, load balancers and outputs of a whole plan, once, at synth. */
  protected abstract renderPlan(plan: NetworkPlan): void;
}
