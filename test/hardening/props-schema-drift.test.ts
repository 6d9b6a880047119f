/**
 * The run-time prop schemas stay in step with the TypeScript props interfaces: every prop a user can
 * type (read from the exported interfaces with the TypeScript compiler, inherited props included)
 * is known to the construct's run-time validator, which otherwise refuses unknown props.
 */
import * as path from 'path';
import * as ts from 'typescript';
import { TerraformStack } from 'cdktf';
import { ClientNetwork } from '../../lib/skype/client-network';
import { Director } from '../../lib/skype/director';
import { EdgeServer } from '../../lib/skype/edge';
import { FrontEndPool } from '../../lib/skype/front-end-pool';
import { MediationServer } from '../../lib/skype/mediation';
import { OfficeWebAppsServer } from '../../lib/skype/office-web-apps';
import { PersistentChatPool } from '../../lib/skype/persistent-chat';
import { ReverseProxy } from '../../lib/skype/reverse-proxy';
import { DirectRoutingSbc } from '../../lib/skype/direct-routing-sbc';
import { DomainController } from '../../lib/windows/domain-controller';
import { WindowsServer } from '../../lib/windows/windows-server';
import { MessengerEgress } from '../../lib/egress/messenger';
import { Office365Egress } from '../../lib/egress/office365';
import { OneDriveEgress } from '../../lib/egress/onedrive';
import { AwsNetwork } from '../../lib/aws/network';
import { AzureNetwork } from '../../lib/azure/network';
import type { NetworkBinding } from '../../lib/core/binding';
import { newStack } from '../support/stacks';

/** Prop names of each exported props type of lib/index.ts, inherited ones included. */
function propNames(typeNames: readonly string[]): Map<string, string[]> {
  const index = path.join(__dirname, '../../lib/index.ts');
  const program = ts.createProgram([index], { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, skipLibCheck: true, noEmit: true });
  const checker = program.getTypeChecker();
  const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(index)!)!);
  const out = new Map<string, string[]>();
  for (const name of typeNames) {
    let sym = exports.find((s) => s.name === name);
    if (!sym) throw new Error(`lib/index.ts exports no ${name}`);
    if (sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
    out.set(name, checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(sym)).map((p) => p.name).sort());
  }
  return out;
}

type Make = (stack: TerraformStack, network: NetworkBinding, props: Record<string, unknown>) => unknown;
const CASES: readonly [string, Make][] = [
  ['FrontEndPoolProps', (s, network, p) => new FrontEndPool(s, 'x', { network, clients: ['10.30.0.0/16'], ...p } as never)],
  ['DirectorProps', (s, network, p) => new Director(s, 'x', { network, ...p } as never)],
  ['MediationServerProps', (s, network, p) => new MediationServer(s, 'x', { network, pstnGateways: ['10.50.0.0/24'], clients: ['10.30.0.0/16'], ...p } as never)],
  ['EdgeServerProps', (s, network, p) => new EdgeServer(s, 'x', { network, pools: ['10.10.1.0/24'], ...p } as never)],
  ['ReverseProxyProps', (s, network, p) => new ReverseProxy(s, 'x', { network, pools: ['10.10.1.0/24'], ...p } as never)],
  ['PersistentChatPoolProps', (s, network, p) => new PersistentChatPool(s, 'x', { network, ...p } as never)],
  ['DirectRoutingSbcProps', (s, network, p) => new DirectRoutingSbc(s, 'x', { network, mediaPorts: '20000-20999', ...p } as never)],
  ['OfficeWebAppsServerProps', (s, network, p) => new OfficeWebAppsServer(s, 'x', { network, ...p } as never)],
  ['ClientNetworkProps', (s, network, p) => new ClientNetwork(s, 'x', { network, ...p } as never)],
  ['DomainControllerProps', (s, network, p) => new DomainController(s, 'x', { network, ...p } as never)],
  ['WindowsServerProps', (s, network, p) => new WindowsServer(s, 'x', { network, services: ['smb'], ...p } as never)],
  ['AzureNetworkProps', (s, _n, p) => new AzureNetwork(s, 'az', { resourceGroupName: 'rg', location: 'japaneast', ...p } as never)],
  ['AwsNetworkProps', (s, _n, p) => new AwsNetwork(s, 'aws', { vpcId: 'vpc-1', ...p } as never)],
  ['Office365EgressProps', (s, network, p) => new Office365Egress(s, 'o365', { network, from: ['10.30.0.0/16'], firewall: false, ...p } as never)],
  ['OneDriveEgressProps', (s, network, p) => new OneDriveEgress(s, 'onedrive', { network, from: ['10.30.0.0/16'], firewall: false, ...p } as never)],
  ['MessengerEgressProps', (s, network, p) => new MessengerEgress(s, 'messenger', { network, from: ['10.30.0.0/16'], firewall: false, ...p } as never)],
];

describe('run-time prop schemas know every prop of the TypeScript interfaces', () => {
  const names = propNames(CASES.map(([n]) => n));

  test.each(CASES.map(([n, make]) => [n, make] as const))('%s', (name, make) => {
    const keys = names.get(name)!;
    expect(keys.length).toBeGreaterThan(1);
    for (const key of keys) {
      const { stack, network } = newStack('aws');
      // A documented prop left undefined must never be refused as unknown (other errors, e.g. a
      // missing required prop of this minimal program, are not what this test is about).
      let message = '';
      try {
        make(stack, network, { [key]: undefined });
      } catch (e) {
        message = (e as Error).message;
      }
      expect([name, key, /has no prop/.test(message)]).toEqual([name, key, false]);
    }
  });

  test('an undocumented prop is still refused', () => {
    const { stack, network } = newStack('aws');
    expect(() => new Director(stack, 'x', { network, sipTcp5061: true } as never)).toThrow(/has no prop "sipTcp5061".*did you mean "sipTcp5060"/);
  });
});
