/**
 * The role kinds as data (lib/catalog/roles.ts): every catalog role a kind names has rows, every
 * row's role is a declared CatalogRole, and the constructs play and implement what the data says.
 */
import { App, TerraformStack } from 'cdktf';
import { catalog } from '../../lib/catalog/index';
import { SKYPE_ROLE_KINDS, type CatalogRole } from '../../lib/catalog/roles';
import { AzureNetwork } from '../../lib/azure/network';
import { Director } from '../../lib/skype/director';
import { FrontEndPool } from '../../lib/skype/front-end-pool';
import { MediationServer } from '../../lib/skype/mediation';
import { PersistentChatPool } from '../../lib/skype/persistent-chat';

test('every role a kind implements has rows in the catalog, and every row names a known role', () => {
  for (const [kind, k] of Object.entries(SKYPE_ROLE_KINDS)) {
    for (const r of k.catalogRoles) expect({ kind, role: r, rows: catalog.byRole(r).length > 0 }).toEqual({ kind, role: r, rows: true });
  }
  const roles = new Set(catalog.all().map((e) => e.role));
  for (const r of roles) expect(catalog.isRole(r)).toBe(true);
  expect(catalog.isRole('sfb-frontend' as CatalogRole)).toBe(false);
});

test('the Skype pool constructs play and implement what the data says, options included', () => {
  const stack = new TerraformStack(new App(), 's');
  const network = new AzureNetwork(stack, 'net', { resourceGroupName: 'rg', location: 'japaneast' });
  const fe = new FrontEndPool(stack, 'fe', { network, clients: ['10.30.0.0/16'], collocatedMediation: true, pstnGateways: ['10.50.0.0/24'], centralManagementStore: true });
  const plain = new FrontEndPool(stack, 'fe2', { network, clients: ['10.30.0.0/16'] });
  const dir = new Director(stack, 'dir', { network, clients: ['10.30.0.0/16'] });
  const med = new MediationServer(stack, 'med', { network, clients: ['10.30.0.0/16'], pstnGateways: ['10.50.0.0/24'] });
  const pchat = new PersistentChatPool(stack, 'pchat', { network, version: 2015, clients: ['10.30.0.0/16'] });
  expect([...plain.plays()].sort()).toEqual([...SKYPE_ROLE_KINDS['front-end'].plays].sort());
  expect([...fe.plays()].sort()).toEqual([...SKYPE_ROLE_KINDS['front-end'].plays, 'mediation', 'cms-host'].sort());
  expect(dir.plays()).toEqual(SKYPE_ROLE_KINDS.director.plays);
  expect(med.plays()).toEqual(SKYPE_ROLE_KINDS.mediation.plays);
  expect(pchat.plays()).toEqual(SKYPE_ROLE_KINDS['persistent-chat'].plays);
  const rolesOf = (r: { catalogEntries(): { entries: readonly { role: string }[] } }) => [...new Set(r.catalogEntries().entries.map((e) => e.role))].sort();
  expect(rolesOf(plain)).toEqual([...SKYPE_ROLE_KINDS['front-end'].catalogRoles].sort());
  expect(rolesOf(med).filter((r) => r.startsWith('sfb-'))).toEqual([...SKYPE_ROLE_KINDS.mediation.catalogRoles].sort());
  expect(rolesOf(pchat)).toEqual([...SKYPE_ROLE_KINDS['persistent-chat'].catalogRoles].sort());
});
