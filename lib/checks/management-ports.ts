/** The ports that must never face the internet without a written reason (a self-check list: it opens nothing). */
import { normalize, type PortRange } from '../model/ports';

/**
 * RDP 3389, WinRM 5985-5986, SMB 445, RPC 135, NetBIOS 137-139, LDAP 389/636, GC 3268-3269 and SQL
 * 1433-1434 are catalog facts (KB832017 entries win.rds.*, win.winrm.*, win.smb.*, win.rpc.*,
 * win.active-directory.*, the summary's SQL Server rows); SSH 22 is added as the management port of
 * every non-Windows host.
 */
export const MANAGEMENT_PORTS: readonly PortRange[] = normalize([
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
]);
