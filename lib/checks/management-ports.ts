/** The ports that must never face the internet without a written reason (a self-check list: it opens nothing). */
import { catalog, entryRanges } from '../catalog/index';
import type { Flow, FlowDirection } from '../model/intent';
import { contains, normalize, type PortRange } from '../model/ports';
import { deepFreeze } from './freeze';

/**
 * RDP 3389, WinRM 5985-5986, SMB 445, RPC 135, NetBIOS 137-139, LDAP 389/636, GC 3268-3269 and SQL
 * 1433-1434 are catalog facts (KB832017 entries win.rds.*, win.winrm.*, win.smb.*, win.rpc.*,
 * win.active-directory.*, the summary's SQL Server rows); SSH 22 is added as the management port of
 * every non-Windows host. Deeply frozen: a program cannot shrink the list the guards read. The
 * dynamic RPC range is a management port too, where a role serves RPC (see managementPortsOf).
 */
export const MANAGEMENT_PORTS: readonly PortRange[] = deepFreeze(
  normalize([
    { from: 22, to: 22 },
    { from: 135, to: 135 },
    { from: 137, to: 139 },
    { from: 389, to: 389 },
    { from: 445, to: 445 },
    { from: 636, to: 636 },
    { from: 1433, to: 1434 },
    { from: 3268, to: 3269 },
    { from: 3389, to: 3389 },
    { from: 5985, to: 5986 },
  ]),
);

/** Names of the management ports, for messages. */
export const MANAGEMENT_PORT_NAMES = 'RDP 3389, WinRM 5985-5986, SMB 445, RPC 135 and the dynamic RPC range, NetBIOS 137-139, LDAP 389/636, Global Catalog 3268-3269, SQL Server 1433-1434, SSH 22';

/** True when a flow implements a catalog entry on the dynamic RPC range (the `dynamic-rpc` port token). */
export function isDynamicRpcFlow(f: Flow): boolean {
  for (const id of f.catalogIds) {
    if (!catalog.has(id)) continue;
    const e = catalog.byId(id);
    if ('ports' in e && e.ports.includes('dynamic-rpc')) return true;
  }
  return false;
}

/**
 * True when a flow opens its management ports on purpose: a user's rule (custom, or citing no
 * catalog entry), or a catalog entry of a management service (all its ports are management ports,
 * or it is on the dynamic RPC range). A documented wide range that merely spans them (a client media
 * range 1024-65535, say) is not: its purpose is media, judged like any port below the threshold.
 */
export function opensManagementPorts(f: Flow): boolean {
  for (const id of f.catalogIds) {
    if (!catalog.has(id)) return true;
    const e = catalog.byId(id);
    if (!('ports' in e)) return true;
    if (e.ports.includes('dynamic-rpc')) return true;
    const ranges = entryRanges(e);
    if (ranges.length && contains(MANAGEMENT_PORTS, ranges)) return true;
  }
  return false;
}

/**
 * The management ports of a role in one direction: MANAGEMENT_PORTS, and the dynamic RPC range its
 * flows in that direction use (the ports RPC services listen on, or are reached on, behind 135), so
 * that any rule on those ports (a custom one too) is judged like RPC itself.
 */
export function managementPortsOf(flows: readonly Flow[], direction: FlowDirection): readonly PortRange[] {
  const rpc: PortRange[] = [];
  for (const f of flows) if (f.direction === direction && isDynamicRpcFlow(f)) rpc.push(...f.ports);
  return rpc.length ? normalize([...MANAGEMENT_PORTS, ...rpc]) : MANAGEMENT_PORTS;
}
