/**
 * Issue 23, "guards that cannot be switched off from code": what the guards read is frozen where the
 * package exports it; a platform engineer's check gets a read-only copy of the plan, so nothing it
 * changes is rendered; the library's checks run whatever packs are passed. Imported by the package
 * name, as programs do. Before, every mutation below succeeded and RDP from the internet rendered.
 */
import {
  AWS_PROFILE,
  AZURE_PROFILE,
  catalog,
  DomainController,
  INTERNET_THRESHOLD,
  MANAGEMENT_PORTS,
  MS_PORTS_PACK,
  SFBO_CLIENT_PORTS,
  WindowsServer,
  type Check,
  type CheckPack,
  type Flow,
  type PlannedRule,
} from 'cdktf-ms-ports';
import { thrown } from '../support/errors';
import { CLOUDS, newStack, resources, synthJson } from '../support/stacks';

type Loose = Record<string, unknown>;

/** Each attempt a program could make to switch a guard off; returns the ones that did not throw. */
function tamper(): string[] {
  const attempts: [string, () => void][] = [
    ['MS_PORTS_PACK.checks.length = 0', () => ((MS_PORTS_PACK.checks as Check[]).length = 0)],
    ['MS_PORTS_PACK.checks.splice(0)', () => (MS_PORTS_PACK.checks as Check[]).splice(0)],
    ['MS_PORTS_PACK.checks = []', () => ((MS_PORTS_PACK as unknown as Loose).checks = [])],
    ['check.run = () => []', () => ((MS_PORTS_PACK.checks[0] as unknown as Loose).run = () => [])],
    ['check.level = warning', () => ((MS_PORTS_PACK.checks[0] as unknown as Loose).level = 'warning')],
    ['check.suppressible = true', () => ((MS_PORTS_PACK.checks[0] as unknown as Loose).suppressible = true)],
    ['MANAGEMENT_PORTS.length = 0', () => ((MANAGEMENT_PORTS as unknown[]).length = 0)],
    ['MANAGEMENT_PORTS[i].from = 65535', () => MANAGEMENT_PORTS.forEach((r) => ((r as unknown as Loose).from = 65535))],
    ['INTERNET_THRESHOLD.ipv4 = 2^40', () => ((INTERNET_THRESHOLD as Loose).ipv4 = 1n << 40n)],
    ['INTERNET_THRESHOLD.ipv6 = 2^127', () => ((INTERNET_THRESHOLD as Loose).ipv6 = 1n << 127n)],
    ['AZURE_PROFILE.unsupportedTransports.length = 0', () => ((AZURE_PROFILE.unsupportedTransports as string[]).length = 0)],
    ['AWS_PROFILE.descriptionMaxLength = 9999', () => ((AWS_PROFILE as unknown as Loose).descriptionMaxLength = 9999)],
    ['catalog.byId = ...', () => ((catalog as unknown as Loose).byId = () => undefined)],
    ['SFBO_CLIENT_PORTS[0].peers.push(internet)', () => (SFBO_CLIENT_PORTS[0].peers as string[]).push('internet')],
  ];
  const passed: string[] = [];
  for (const [what, act] of attempts) {
    try {
      act();
      passed.push(what);
    } catch (e) {
      expect(e).toBeInstanceOf(TypeError);
    }
  }
  return passed;
}

describe('exported constants the guards read are frozen', () => {
  test('every attempt to change them throws, and RDP from the internet is still refused on both clouds', () => {
    expect(tamper()).toEqual([]);
    expect(MS_PORTS_PACK.checks.map((c) => c.id)).toContain('MSP-INTERNET-MGMT');
    expect(MANAGEMENT_PORTS.some((r) => r.from <= 3389 && 3389 <= r.to)).toBe(true);
    for (const cloud of CLOUDS) {
      const b = newStack(cloud);
      new DomainController(b.stack, 'dc', { network: b.network, name: 'dc-corp', clients: ['10.20.0.0/16'], admins: ['0.0.0.0/1', '128.0.0.0/1'] });
      expect(thrown(() => synthJson(b.stack)).code).toBe('MSP-INTERNET-MGMT');
    }
  });
});

/** A file server whose only rule from addresses is SMB from the clients; nothing admits the internet. */
const fileServer = (cloud: 'azure' | 'aws', packs: CheckPack[]) => {
  const b = newStack(cloud, { checkPacks: packs });
  new WindowsServer(b.stack, 'fs', { network: b.network, name: 'fs01', services: ['smb'], clients: ['10.20.0.0/16'] });
  return b;
};
const ruleTypes = ['azurerm_network_security_rule', 'aws_vpc_security_group_ingress_rule'];
const rendered = (b: ReturnType<typeof newStack>) => {
  const { json } = synthJson(b.stack);
  return ruleTypes.flatMap((t) => resources(json, t));
};
const internetRdp: Flow = { direction: 'ingress', peer: { kind: 'internet' }, transport: 'tcp', ports: [{ from: 3389, to: 3389 }], catalogIds: ['custom:rdp'], purpose: 'rdp' };

describe.each(CLOUDS)('a platform engineer\'s check gets a read-only view (%s)', (cloud) => {
  const sneaky = (name: string, run: Check['run']): CheckPack => ({ name: 'acme', checks: [{ id: `ACME-${name}`, title: name, why: 'tries to change what is rendered', level: 'warning', run }] });

  test.each([
    ['a rule pushed into ctx.role.rules', (ctx: Parameters<Check['run']>[0]) => {
      (ctx.role.rules as PlannedRule[]).push({ ...ctx.role.rules[0], name: 'in-from-internet-tcp', peer: { kind: 'internet' }, ports: [{ from: 3389, to: 3389 }] });
    }],
    ['a rule\'s peer and ports rewritten', (ctx: Parameters<Check['run']>[0]) => {
      const r = ctx.role.rules.find((x) => x.access === 'allow' && x.direction === 'ingress') as unknown as Loose;
      r.peer = { kind: 'internet' };
      r.ports = [{ from: 1, to: 65535 }];
    }],
    ['a peer\'s CIDR list rewritten in place', (ctx: Parameters<Check['run']>[0]) => {
      const r = ctx.role.rules.find((x) => x.peer.kind === 'cidrs')!;
      (r.peer as unknown as { cidrs: string[] }).cidrs[0] = '0.0.0.0/0';
    }],
    ['a flow added to the intent and a role of the plan replaced', (ctx: Parameters<Check['run']>[0]) => {
      (ctx.intent!.flows as Flow[]).push(internetRdp);
      (ctx.plan.roles as unknown[])[0] = { ...ctx.role, rules: [] };
    }],
  ])('%s: the check fails with a finding; nothing of it is rendered', (_what, change) => {
    const before = rendered(fileServer(cloud, []));
    const b = fileServer(cloud, [sneaky('CHANGE', (ctx) => (change(ctx), []))]);
    const after = rendered(b);
    expect(after).toEqual(before);
    expect(JSON.stringify(after)).not.toMatch(/0\.0\.0\.0\/0|::\/0|3389|Internet|65535/);
    const found = b.network.plan().checks!.findings.filter((f) => f.check === 'ACME-CHANGE');
    expect(found.map((f) => f.problem)).toEqual([expect.stringMatching(/^the check threw: .*(read only|not extensible|read-only)/)]);
  });

  test('a change made without throwing (Reflect.set) is refused as well: nothing of it is rendered', () => {
    const before = rendered(fileServer(cloud, []));
    const results: boolean[] = [];
    const b = fileServer(cloud, [
      sneaky('REFLECT', (ctx) => {
        for (const r of ctx.role.rules) results.push(Reflect.set(r, 'ports', [{ from: 1, to: 65535 }]), Reflect.set(r, 'peer', { kind: 'internet' }));
        return [];
      }),
    ]);
    expect(rendered(b)).toEqual(before);
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((x) => x === false)).toBe(true);
  });
});

describe.each(CLOUDS)('the library\'s checks run whatever packs are passed (%s)', (cloud) => {
  test('a pack whose check empties the library pack and rewrites its checks: RDP from the internet is still refused', () => {
    const saboteur: CheckPack = {
      name: 'saboteur',
      checks: [
        {
          id: 'SABOTEUR',
          title: 'switches the guards off',
          why: 'to show that it cannot',
          level: 'warning',
          run: () => {
            for (const c of MS_PORTS_PACK.checks) (c as unknown as Loose).run = () => [];
            (MS_PORTS_PACK.checks as Check[]).splice(0);
            return [];
          },
        },
      ],
    };
    const b = newStack(cloud, { checkPacks: [saboteur] });
    // The file server comes first: the saboteur runs on it before the controller is checked.
    new WindowsServer(b.stack, 'fs', { network: b.network, name: 'fs01', services: ['smb'], clients: ['10.20.0.0/16'] });
    new DomainController(b.stack, 'dc', { network: b.network, name: 'dc-corp', clients: ['10.20.0.0/16'], admins: ['0.0.0.0/0'] });
    const e = thrown(() => synthJson(b.stack));
    expect(e.code).toBe('MSP-INTERNET-MGMT');
    expect(e.path).toBe(`test-${cloud}/dc`);
  });

  test('a pack cannot bring its own check under a library id (to replace it)', () => {
    const b = newStack(cloud, { checkPacks: [{ name: 'x', checks: [{ ...MS_PORTS_PACK.checks[0], run: () => [] }] }] });
    new DomainController(b.stack, 'dc', { network: b.network, name: 'dc-corp', clients: ['10.20.0.0/16'], admins: ['0.0.0.0/0'] });
    expect(thrown(() => synthJson(b.stack)).problem).toMatch(/check id "MSP-INTERNET-MGMT" is defined by pack "ms-ports" and pack "x"/);
  });
});
