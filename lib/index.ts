/**
 * cdktf-ms-ports: Microsoft's documented port requirements as a cited catalog, planned into
 * least-privilege Azure and AWS network policy.
 *
 * Engine-free layers (no cdktf, no provider imports): catalog, model, plan, report.
 * Engine layers: core (role/binding), azure, aws, render, and the patterns (skype, ...).
 */
export * from './catalog/index';
export * as ports from './model/ports';
export { parseCidr, CidrError } from './model/cidr';
export { MsPortsError } from './model/errors';
export type { Flow, Peer, Listener, IpsecNote, RoleIntent, SkippedEntry } from './model/intent';
export { planNetwork, type NetworkPlan, type RolePlan, type PlannedRule, type AwsRuleResource } from './plan/planner';
export { AWS_PROFILE, AZURE_PROFILE, type CloudProfile } from './plan/profiles';
export { NetworkBinding, type NetworkBindingProps, type HostAttachment, type EdgeServiceAddresses, type ServiceAddress } from './core/binding';
export { SecurityRole, type SecurityRoleProps, type OutsideRoleProps, type PeerInput, type PortInput, type ExtraRuleOptions } from './core/role';
export { Peers, isExistingPeer, type ExistingPeer } from './core/existing';
export { AzureNetwork, type AzureNetworkProps, type AzureLoadBalancer } from './azure/network';
export { AwsNetwork, type AwsNetworkProps, type AwsLoadBalancer } from './aws/network';
export { FrontEndPool, SkypeFrontEndPool, type FrontEndPoolProps, type FrontEndPoolOutsideProps, type SkypeServerRoleProps } from './skype/front-end-pool';
export { SkypeRole, SkypeServerGroup, type SkypeRoleProps, type SkypeOutsideProps, type PeersInput } from './skype/skype-role';
export { Director, type DirectorProps } from './skype/director';
export { MediationServer, type MediationServerProps, type PstnGatewayPorts } from './skype/mediation';
export { EdgeServer, EdgeExternalInterface, type EdgeServerProps, type EdgeLoadBalancing } from './skype/edge';
export { ReverseProxy, type ReverseProxyProps } from './skype/reverse-proxy';
export { PersistentChatPool, type PersistentChatPoolProps } from './skype/persistent-chat';
export { OfficeWebAppsServer, type OfficeWebAppsServerProps } from './skype/office-web-apps';
export { ClientNetwork, type ClientNetworkProps } from './skype/client-network';
export { PstnGateway, ExchangeUnifiedMessaging } from './skype/outside';
export { DirectRoutingSbc, DirectRoutingSbcExternal, type DirectRoutingSbcProps } from './skype/direct-routing-sbc';
export { SkypeHybridEgress, HYBRID_FRONT_END_SETS, HYBRID_S2S_DOC } from './egress/hybrid';
export { SKYPE_HYBRID_PORTS, HYBRID_ENDPOINT_SETS } from './catalog/skype-hybrid';
export { TEAMS_DIRECT_ROUTING_PORTS, DIRECT_ROUTING_RANGES, DIRECT_ROUTING_ENVIRONMENTS, type DirectRoutingEnvironment, type DirectRoutingRanges } from './catalog/teams-direct-routing';
export * from './report/report';
export { DomainController, DomainMembers, type DomainControllerProps, type DomainControllerOutsideProps } from './windows/domain-controller';
export { WindowsServer, type WindowsServerProps } from './windows/windows-server';
export { dynamicRpcRanges, type DynamicRpc } from './model/rpc';
export * from './checks/index';
export * from './verify/index';
export { REPORT_CONTEXT_KEY, WARNINGS_CONTEXT_KEY, REPORT_DIR, REPORT_FORMATS, type ReportFormat } from './core/report-files';
export { publicCoverage, coversInternet, INTERNET_THRESHOLD, type PublicCoverage } from './model/cidr';
export { Office365Egress, type Office365EgressProps, type Office365ServiceArea, type Office365Category } from './egress/office365';
export { OneDriveEgress, type OneDriveEgressProps } from './egress/onedrive';
export { MessengerEgress, messengerFeatures, type MessengerEgressProps } from './egress/messenger';
export { MicrosoftEgress, EgressGroup, type MicrosoftEgressProps, type EgressFirewallProps, type EgressPacProps, type EgressSelection } from './egress/egress';
export { SFBO_CLIENT_PORTS, SFBO_NAMES, SFBO_SETTINGS } from './catalog/office365';
export { SKYPE_LOAD_BALANCER_SETTINGS } from './catalog/skype-load-balancing';
export { ONEDRIVE_PORTS, ONEDRIVE_NAMES } from './catalog/onedrive';
export { MESSENGER_PORTS, messengerNames } from './catalog/messenger';
export * as m365 from './catalog/m365-endpoints';
export { translateName, planNames, selectEndpointSets, awsPeerCosts, sizeCapacity, type NamePlan, type NameSource, type Translation } from './plan/egress';
export { pacFile, bypassList } from './report/pac';
export { egressReportMarkdown, type EgressReport } from './report/egress-report';

// What the guards and the planner read is frozen where it is exported: a program cannot shrink the
// management ports, lift the internet threshold, drop or downgrade a check (lib/checks freezes those
// at their definition), nor rewrite the cloud profiles or the catalog's exported tables after import.
import { catalog as catalogForFreeze } from './catalog/index';
import { deepFreeze } from './checks/freeze';
import { AWS_PROFILE as awsProfile, AZURE_PROFILE as azureProfile } from './plan/profiles';
import { SFBO_CLIENT_PORTS as sfboPorts, SFBO_NAMES as sfboNames, SFBO_SETTINGS as sfboSettings } from './catalog/office365';
import { SKYPE_LOAD_BALANCER_SETTINGS as lbSettings } from './catalog/skype-load-balancing';
import { ONEDRIVE_PORTS as oneDrivePorts, ONEDRIVE_NAMES as oneDriveNames } from './catalog/onedrive';
import { MESSENGER_PORTS as messengerPorts } from './catalog/messenger';
Object.freeze(catalogForFreeze);
for (const c of [awsProfile, azureProfile, sfboPorts, sfboNames, sfboSettings, lbSettings, oneDrivePorts, oneDriveNames, messengerPorts]) deepFreeze(c);
