/**
 * The benchmark's floor (bench/floor.ts) must be the same Terraform as the library's output, or
 * the ratio `npm run bench` reports means nothing: the plain program generated from the library's
 * synthesized JSON synthesizes to the same JSON. Also checks the rule counts against the minimum.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { generateFloor, readStacks, resourceClass, ruleStats, type TfJson } from '../../bench/floor';
import { buildPlain, type ResourceClass } from '../../bench/plain-runtime';
import { buildTopology, CLOUDS, topology } from '../../bench/topology';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ms-ports-floor-'));

describe.each(CLOUDS)('bench floor on %s', (cloud) => {
  it.each(['full-site', 'stacks-200', 'hub-100'])('the plain program for %s synthesizes the same Terraform JSON as the library', (name) => {
    const t = topology(name);
    const lib = new App({ outdir: tmp() });
    // stacks-200 and hub-100 are cut to 3 sites here: the same shape, fast enough for a unit test.
    buildTopology(lib, t.stacks === 'one' ? t : { ...t, sites: 3 }, cloud);
    lib.synth();
    const libStacks = readStacks(lib.outdir);
    const floor = generateFloor(libStacks, '../../bench/plain-runtime');
    expect(floor.module).toContain("from '@cdktf/provider-");
    expect(floor.module).not.toMatch(/from '@cdktf\/provider-[a-z]+'/); // deep imports only
    expect(floor.module).not.toMatch(/lib\/(core|plan|catalog|aws|azure|skype|windows)/);
    const classes: Record<string, ResourceClass> = {};
    for (const c of floor.imports) {
      classes[c.key] = (require(c.path) as Record<string, ResourceClass>)[c.cls];
      expect(typeof classes[c.key]).toBe('function');
    }
    const plain = new App({ outdir: tmp() });
    buildPlain(plain, classes, JSON.parse(JSON.stringify(floor.data)));
    plain.synth();
    const plainStacks = readStacks(plain.outdir);
    expect(plainStacks.map((s) => s.name)).toEqual(libStacks.map((s) => s.name));
    for (let i = 0; i < libStacks.length; i++) expect(plainStacks[i].json).toEqual(libStacks[i].json);
    const stats = ruleStats(libStacks);
    expect(stats.rules).toBeGreaterThan(20 * stats.stacks);
    expect(stats.duplicateRules).toBe(0);
    expect(stats.rules).toBe(stats.minimumRules);
    expect(ruleStats(plainStacks)).toEqual(stats);
  });
});

describe('floor helpers', () => {
  it('maps resource types to deep import paths and class names', () => {
    expect(resourceClass('aws_vpc_security_group_ingress_rule')).toEqual({
      key: 'aws_vpc_security_group_ingress_rule',
      path: '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule',
      cls: 'VpcSecurityGroupIngressRule',
    });
    expect(resourceClass('azurerm_lb').cls).toBe('Lb');
  });

  it('counts a split port range and a duplicate against the minimum', () => {
    const rule = (from: number, to: number) => ({ security_group_id: 'sg', ip_protocol: 'tcp', cidr_ipv4: '10.0.0.0/8', from_port: from, to_port: to });
    const json: TfJson = { resource: { aws_vpc_security_group_ingress_rule: { a: rule(80, 80), b: rule(81, 90), c: rule(100, 100), d: rule(100, 100) } } };
    expect(ruleStats([{ name: 's', json }])).toEqual({ stacks: 1, resources: 4, rules: 4, minimumRules: 2, duplicateRules: 1 });
  });
});
