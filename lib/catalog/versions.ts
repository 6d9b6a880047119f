/**
 * Skype for Business Server product versions, and which versions the catalog's entries apply to.
 * Plain data (no cdktf). Each Skype catalog file (document family) has a default set of versions
 * with its source; an entry that applies to fewer versions says so in its own `versions` field.
 *
 * Finding recorded here (issue 25): no Microsoft page read gives a port or protocol of Skype for
 * Business Server 2019 or Subscription Edition (SE) that differs from the 2015 tables (TLS versions
 * aside, which are no port). What 2019 removed is features, not ports: the XMPP gateway and proxy
 * and Persistent Chat (their rows apply to 2015 only), SQL Mirroring (no row in the catalog names
 * it), the legacy Mobility Service Mcx (see MOBILITY_DECISION) and in-place upgrades (no port).
 */
import type { Family } from './types';

/** A Skype for Business Server version: 2015, 2019, or Subscription Edition (`'SE'`). */
export type SkypeVersion = 2015 | 2019 | 'SE';

/** Every version, oldest first. */
export const SKYPE_VERSIONS: readonly SkypeVersion[] = [2015, 2019, 'SE'];

/**
 * The default version of every Skype for Business server role: Subscription Edition, the version
 * Microsoft supports (2015 and 2019 left support on 2025-10-14; issue 25).
 */
export const DEFAULT_SKYPE_VERSION: SkypeVersion = 'SE';

/** The published list of what 2019 removed (XMPP, Persistent Chat, SQL Mirroring, in-place upgrade, Mcx). */
export const SKYPE_2019_REMOVED_DOC = 'MicrosoftDocs/OfficeDocs-SkypeForBusiness:Skype/SfBServer2019/deprecated.md@042b692552b21ff78ff839b7c645ddd69f7e5aa2';

/**
 * The 2019 hybrid page points to the Skype for Business Server (2015 tree) port pages for its port
 * planning: "For more information about port and firewall planning for Edge Server, see [Edge Server
 * environmental requirements in Skype for Business Server](../../sfbserver/...). See also [Port and
 * protocol requirements for servers](../../sfbserver/...)".
 */
export const SKYPE_2019_HYBRID_DOC = 'MicrosoftDocs/OfficeDocs-SkypeForBusiness:Skype/SfBServer2019/hybrid/plan-hybrid-connectivity.md@0583cb5274a561c6e7bbb1c3b2d7164ef9e0247a';

/** A Microsoft Learn page of the product that names Subscription Edition beside 2015 and 2019 ("APPLIES TO: 2015 2019 Subscription Edition"). */
export const SKYPE_SE_APPLIES_DOC = 'https://learn.microsoft.com/en-us/SkypeForBusiness/manage/authentication/configure-a-hybrid-environment';

/** 2019 and SE share their port tables: why, with the sources. */
export const SE_SHARES_2019 =
  `Subscription Edition is configured like 2019 and shares its port tables: no Microsoft page read documents a port of SE apart from 2019, and the product's Learn pages are written once for "2015 2019 Subscription Edition" (e.g. ${SKYPE_SE_APPLIES_DOC}); the 2019 pages send port planning to the same Skype for Business Server pages as 2015 (${SKYPE_2019_HYBRID_DOC}, section "Port and protocol requirements").`;

/** Which versions the entries of a document family apply to by default, and why. */
export interface VersionDefault {
  readonly versions: readonly SkypeVersion[];
  readonly source: string;
}

const ALL_SKYPE: VersionDefault = {
  versions: SKYPE_VERSIONS,
  source: `The Skype for Business Server port pages are written for 2015 and serve 2019 as well (${SKYPE_2019_HYBRID_DOC}, "Port and protocol requirements", links them); the features 2019 removed (${SKYPE_2019_REMOVED_DOC}) are marked on their own entries. ${SE_SHARES_2019}`,
};

/**
 * The default per catalog file (document family). Families of other products (Windows, Microsoft
 * 365, OneDrive, Messenger, Teams Direct Routing) are not Skype for Business Server versions: none.
 */
export const FAMILY_VERSIONS: Readonly<Record<Family, VersionDefault | undefined>> = {
  'skype-server': ALL_SKYPE,
  'skype-edge': ALL_SKYPE,
  windows: undefined,
  office365: undefined,
  onedrive: undefined,
  messenger: undefined,
  'teams-direct-routing': undefined,
  'skype-hybrid': {
    versions: SKYPE_VERSIONS,
    source: `The hybrid port table is the same on the 2019 page (${SKYPE_2019_HYBRID_DOC}) and the 2015 page (MicrosoftDocs/OfficeDocs-SkypeForBusiness:Skype/SfbServer/skype-for-business-hybrid-solutions/plan-hybrid-connectivity.md@0aa7de0e4981d64bab811cf5317be43fb0060458). ${SE_SHARES_2019}`,
  },
};

/** Rows of features 2019 removed: Skype for Business Server 2015 only. */
export const ONLY_2015: readonly SkypeVersion[] = [2015];

/**
 * Mobility Service (Mcx): the 2019 list removes the Mcx service of legacy mobile clients, and says
 * current clients use UCWA. Seed 001 names the Front End rows 5086/5087 "Mobility Services
 * component" without saying Mcx or UCWA; nothing read ties them to Mcx, so they keep every version.
 */
export const MOBILITY_DECISION =
  'The 2019 removal list drops the Mobility Service (Mcx) of legacy mobile clients, while UCWA (which current clients use) stays; the port table names the rows only "Mobility Services component", so they are kept for every version.';

/** How users write a version, for messages (`2015`, `2019`, `'SE'`). */
export function versionText(v: SkypeVersion): string {
  return typeof v === 'number' ? String(v) : `'${v}'`;
}

/** The version in words, for reports: `Skype for Business Server Subscription Edition`. */
export function versionLabel(v: SkypeVersion): string {
  return v === 'SE' ? 'Skype for Business Server Subscription Edition (SE)' : `Skype for Business Server ${v}`;
}
