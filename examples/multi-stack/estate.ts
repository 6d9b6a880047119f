/**
 * Example: many sites in many stacks. The shared roles (the domain's controllers, the Director and
 * the Edge pool) live in one `hub` stack; each site is a stack of its own with a Front End pool and a
 * file server that join the hub's domain and wire to its Director and Edge pool. The same program
 * on Azure and AWS: only the network bindings differ (azure.ts, aws.ts).
 *
 * Each site's network lists the hub's in `sharedNetworks`. The site stack renders its roles' side
 * of every documented flow, naming the hub's security groups / application security groups through
 * cdktf cross-stack references; the hub renders its roles' side towards stand-in boundaries that
 * the sites' hosts and load balancers join. So the hub never refers to a site, sites can be added or
 * removed without touching its rules (identical sites share one stand-in), and each stack can be
 * planned and applied by its own team with remote state (see README, "Many sites in many stacks").
 */
import type { Construct } from 'constructs';
import { Director, DomainController, EdgeServer, FrontEndPool, WindowsServer, type NetworkBinding } from 'cdktf-ms-ports';

export interface Hub {
  readonly dc: DomainController;
  readonly director: Director;
  readonly edge: EdgeServer;
}

/** The shared roles, in the hub stack. */
export function hub(scope: Construct, network: NetworkBinding): Hub {
  const dc = new DomainController(scope, 'dc', { network, name: 'dc-corp', admins: ['10.0.99.0/24'], dynamicRpc: 'modern' });
  const director = new Director(scope, 'dir', { network, name: 'dir-pool1', clients: ['10.30.0.0/16'], clientMediaPorts: '50000-50199', loadBalancing: 'dns', domain: dc });
  const edge = new EdgeServer(scope, 'edge', { network, name: 'edge-pool1', pools: [director], nextHop: director, loadBalancing: 'dns', serverCount: 2 });
  return { dc, director, edge };
}

export interface Site {
  readonly pool: FrontEndPool;
  readonly fileServer: WindowsServer;
}

/** One site, in its own stack: its network lists the hub's network in `sharedNetworks`. */
export function site(scope: Construct, network: NetworkBinding, shared: Hub, clients: string): Site {
  const pool = new FrontEndPool(scope, 'fe', {
    network,
    name: 'fe-pool',
    clients: [clients],
    clientMediaPorts: '50000-50199',
    loadBalancing: 'hardware',
    domain: shared.dc,
  });
  pool.connect(shared.director);
  pool.connect(shared.edge);
  const fileServer = new WindowsServer(scope, 'file-server', { network, name: 'fs01', services: ['smb'], clients: [clients], domain: shared.dc });
  return { pool, fileServer };
}
