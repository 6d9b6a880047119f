/**
 * The Active Directory example estate, cloud-neutral: the domain's two controllers (one boundary,
 * replicating with each other), a member file server and an RDS session host. Only the network
 * binding passed in decides the cloud.
 */
import type { Construct } from 'constructs';
import { DomainController, WindowsServer, type NetworkBinding } from 'cdktf-ms-ports';

export interface ActiveDirectoryEstate {
  readonly dc: DomainController;
  readonly dc2: DomainController;
  readonly fileServer: WindowsServer;
  readonly rdsHost: WindowsServer;
}

export function activeDirectoryEstate(scope: Construct, network: NetworkBinding): ActiveDirectoryEstate {
  // Two domain controllers of corp.example, one boundary each (e.g. two sites). The second shares
  // the domain's members and controllers groups: members reach both, and both replicate.
  const dc = new DomainController(scope, 'dc', {
    network,
    name: 'dc-corp',
    clients: ['10.20.0.0/16'],
    admins: ['10.0.99.0/24'],
    dynamicRpc: 'modern',
  });
  const dc2 = new DomainController(scope, 'dc2', {
    network,
    name: 'dc-corp-site2',
    clients: ['10.20.0.0/16'],
    admins: ['10.0.99.0/24'],
    dynamicRpc: 'modern',
    sameDomainAs: dc,
  });
  const fileServer = new WindowsServer(scope, 'file-server', {
    network,
    name: 'fs01',
    services: ['smb'],
    clients: ['10.20.0.0/16'],
    admins: ['10.0.99.0/24'],
    domain: dc,
  });
  const rdsHost = new WindowsServer(scope, 'rds-host', {
    network,
    name: 'rds01',
    services: ['rds'],
    remoteDesktopUsers: ['10.20.0.0/16'],
    admins: ['10.0.99.0/24'],
    domain: dc,
  });
  return { dc, dc2, fileServer, rdsHost };
}
