/** Domain controllers and trusts outside the cloud: both directions are rendered on the cloud side. */
import { AD_TRUST_PORTS } from '../../lib/catalog/windows-trusts';
import { DomainController } from '../../lib/windows/domain-controller';
import { WindowsServer } from '../../lib/windows/windows-server';
import { allows, reaches } from '../support/plan-reach';
import { CLOUDS, newStack, synthJson } from '../support/stacks';

describe.each(CLOUDS)('domain controllers outside the cloud (%s)', (cloud) => {
  const build = () => {
    const { stack, network } = newStack(cloud);
    const onprem = DomainController.fromAddresses(stack, 'dc-onprem', { network, name: 'dc-onprem', cidrs: ['192.168.10.0/28'] });
    const dc = new DomainController(stack, 'dc', { network, name: 'dc-cloud', sameDomainAs: onprem });
    const fs = new WindowsServer(stack, 'fs', { network, name: 'fs01', services: ['smb'], domain: dc });
    return { stack, network, onprem, dc, fs };
  };

  test('members reach the on-premises controllers; cloud and on-premises controllers replicate both ways', () => {
    const { network, stack } = build();
    const plan = network.plan();
    for (const [t, p] of [
      ['tcp', 88],
      ['udp', 53],
      ['tcp', 389],
      ['tcp', 49152],
    ] as const) {
      expect(reaches(plan, 'fs01', 'dc-onprem', t, p)).toBe(true);
      expect(reaches(plan, 'dc-cloud', 'dc-onprem', t, p)).toBe(true);
      expect(reaches(plan, 'dc-onprem', 'dc-cloud', t, p)).toBe(true);
    }
    // the on-premises side is listed for the report, not rendered
    expect(plan.roles.find((r) => r.name === 'dc-onprem')!.outside).toEqual({ cidrs: ['192.168.10.0/28'] });
    const text = synthJson(stack).text;
    expect(text).not.toContain('dc-onprem_network-security-group');
    expect(text).not.toContain('dc-onprem_security-group');
    expect(text).toContain('192.168.10.0/28');
  });

  test('a trust given by address renders the KB179442 ports both ways', () => {
    const { stack, network } = newStack(cloud);
    new DomainController(stack, 'dc', { network, name: 'dc-a', trusts: ['10.9.0.0/24'] });
    const rp = network.plan().roles.find((r) => r.name === 'dc-a')!;
    const trustIds = new Set(AD_TRUST_PORTS.filter((e) => e.requirement === 'required').map((e) => e.id));
    for (const dir of ['ingress', 'egress'] as const) {
      const rules = rp.rules.filter((r) => r.direction === dir && r.peer.kind === 'cidrs' && r.peer.cidrs.includes('10.9.0.0/24'));
      const cited = new Set(rules.flatMap((r) => r.catalogIds));
      for (const id of trustIds) expect([dir, id, cited.has(id)]).toEqual([dir, id, true]);
    }
  });

  test('a trust with controllers outside the cloud, declared as a role', () => {
    const { stack, network } = newStack(cloud);
    const other = DomainController.fromAddresses(stack, 'other', { network, name: 'dc-other', cidrs: ['10.9.0.0/24'] });
    new DomainController(stack, 'dc', { network, name: 'dc-a', trusts: [other] });
    const plan = network.plan();
    expect(reaches(plan, 'dc-a', 'dc-other', 'tcp', 88)).toBe(true);
    expect(reaches(plan, 'dc-other', 'dc-a', 'tcp', 88)).toBe(true);
    expect(allows(plan, 'dc-a', 'ingress', 'dc-other', 'tcp', 3389)).toBe(false);
  });
});
