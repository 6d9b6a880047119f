/**
 * A small parser for the Japanese copy of KB832017 ("Service overview and network port requirements
 * for Windows", seed `004_07db2817c1798512.txt`), used by the catalog tests to check
 * `lib/catalog/windows.ts` against the document.
 *
 * The seed is the learn.microsoft.com page flattened to text: each per-service table is a header line
 * (`アプリケーション プロトコル | プロトコル | ポート |`), a separator (`---|---|---|`) and one line per
 * data row. Some rows are broken over two lines (`Chargen |` + `TCP | 19 |`); they are joined here until
 * the row has as many cells as the separator has columns. Nothing is "fixed" here: the quirks of the
 * text (fused footnote digits, typos) are left to the test, which lists every fix it applies.
 */

import type { Transport } from '../../lib/catalog/types';

/** A per-service heading of the "system service ports" section, with the catalog's English table name and service key. */
export interface ServiceHeading {
  /** The heading line exactly as the seed spells it. */
  readonly ja: string;
  /** The catalog's table name (`KB832017 service: <English name>`). */
  readonly table: string;
  /** The catalog's service key (`WINDOWS_SERVICES[].key`, entries' `role`). */
  readonly key: string;
}

export const SUMMARY_TABLE = 'KB832017 summary: ports and protocols';
export const SUMMARY_HEADING = 'ポートとプロトコル';

/** Every per-service heading that owns a table, in document order. */
export const SERVICE_HEADINGS: readonly ServiceHeading[] = [
  { ja: 'Active Directory (ローカル セキュリティ機関)', table: 'KB832017 service: Active Directory (Local Security Authority)', key: 'active-directory' },
  { ja: 'アプリケーション層ゲートウェイ サービス', table: 'KB832017 service: Application Layer Gateway Service', key: 'alg' },
  { ja: 'ASP.NET 状態サービス', table: 'KB832017 service: ASP.NET State Service', key: 'aspnet-state' },
  { ja: '証明書サービス', table: 'KB832017 service: Certificate Services', key: 'certificate-services' },
  { ja: 'クラスター サービス', table: 'KB832017 service: Cluster Service', key: 'cluster' },
  { ja: 'Computer Browser', table: 'KB832017 service: Computer Browser', key: 'browser' },
  { ja: '動的ホスト構成プロトコル (DHCP) サーバー', table: 'KB832017 service: DHCP Server', key: 'dhcp' },
  { ja: 'DFS 名前空間', table: 'KB832017 service: DFS Namespaces', key: 'dfsn' },
  { ja: '分散ファイル システム レプリケーション', table: 'KB832017 service: Distributed File System Replication', key: 'dfsr' },
  { ja: '分散リンク トラッキング サーバー', table: 'KB832017 service: Distributed Link Tracking Server', key: 'link-tracking' },
  { ja: 'Distributed Transaction Coordinator', table: 'KB832017 service: Distributed Transaction Coordinator', key: 'msdtc' },
  { ja: 'DNS サーバー', table: 'KB832017 service: DNS Server', key: 'dns' },
  { ja: 'Event Log', table: 'KB832017 service: Event Log', key: 'event-log' },
  { ja: 'Fax サービス', table: 'KB832017 service: Fax Service', key: 'fax' },
  { ja: 'ファイル複製', table: 'KB832017 service: File Replication', key: 'frs' },
  { ja: 'FTP Publishing Service', table: 'KB832017 service: FTP Publishing Service', key: 'ftp' },
  { ja: 'グループ ポリシー', table: 'KB832017 service: Group Policy', key: 'group-policy' },
  { ja: 'HTTP SSL', table: 'KB832017 service: HTTP SSL', key: 'http-ssl' },
  { ja: 'Hyper-V レプリカ', table: 'KB832017 service: Hyper-V Replica', key: 'hyperv-replica' },
  { ja: 'Hyper-V ライブ マイグレーション', table: 'KB832017 service: Hyper-V Live Migration', key: 'hyperv-live-migration' },
  { ja: 'インターネット認証サービス', table: 'KB832017 service: Internet Authentication Service', key: 'ias' },
  {
    ja: 'インターネット接続ファイアウォール (ICF)/インターネット接続の共有',
    table: 'KB832017 service: Internet Connection Firewall (ICF)/Internet Connection Sharing',
    key: 'ics',
  },
  { ja: 'ISA/TMG Server', table: 'KB832017 service: ISA/TMG Server', key: 'isa-tmg' },
  { ja: 'Kerberos キー配布センター', table: 'KB832017 service: Kerberos Key Distribution Center', key: 'kerberos' },
  { ja: 'License Logging Service', table: 'KB832017 service: License Logging Service', key: 'license-logging' },
  { ja: 'メッセージ キュー', table: 'KB832017 service: Message Queuing', key: 'msmq' },
  {
    ja: 'Microsoft Exchange メッセージ転送エージェント (MTA) スタック',
    table: 'KB832017 service: Microsoft Exchange Message Transfer Agent (MTA) Stacks',
    key: 'exchange-mta',
  },
  { ja: 'Microsoft POP3 サービス', table: 'KB832017 service: Microsoft POP3 Service', key: 'pop3' },
  { ja: 'Net Logon', table: 'KB832017 service: Net Logon', key: 'netlogon' },
  { ja: 'NNTP (ネットワーク ニュース転送プロトコル)', table: 'KB832017 service: Network News Transfer Protocol (NNTP)', key: 'nntp' },
  {
    ja: 'オフライン ファイル、ユーザー プロファイル サービス、フォルダー リダイレクト、およびプライマリ コンピューター',
    table: 'KB832017 service: Offline Files, User Profile Service, Folder Redirection, and Primary Computer',
    key: 'offline-files',
  },
  { ja: 'パフォーマンス ログと警告', table: 'KB832017 service: Performance Logs and Alerts', key: 'perf-logs' },
  { ja: '印刷スプーラー', table: 'KB832017 service: Print Spooler', key: 'print-spooler' },
  { ja: 'リモート インストール', table: 'KB832017 service: Remote Installation', key: 'remote-install' },
  { ja: 'リモート プロシージャ コール (RPC)', table: 'KB832017 service: Remote Procedure Call (RPC)', key: 'rpc' },
  { ja: 'Remote Procedure Call (RPC) Locator', table: 'KB832017 service: Remote Procedure Call (RPC) Locator', key: 'rpc-locator' },
  { ja: 'Remote Storage Notification', table: 'KB832017 service: Remote Storage Notification', key: 'remote-storage-notification' },
  { ja: 'リモート記憶域', table: 'KB832017 service: Remote Storage', key: 'remote-storage' },
  { ja: 'ルーティングとリモート アクセス', table: 'KB832017 service: Routing and Remote Access', key: 'rras' },
  { ja: 'サーバー', table: 'KB832017 service: Server', key: 'smb' },
  { ja: 'SharePoint Portal Server', table: 'KB832017 service: SharePoint Portal Server', key: 'sharepoint' },
  { ja: '簡易メール転送プロトコル (SMTP)', table: 'KB832017 service: Simple Mail Transfer Protocol (SMTP)', key: 'smtp' },
  { ja: '簡易 TCP/IP サービス', table: 'KB832017 service: Simple TCP/IP Services', key: 'simple-tcpip' },
  { ja: '簡易ネットワーク管理プロトコル (SNMP) サービス', table: 'KB832017 service: SNMP Service', key: 'snmp' },
  { ja: 'SNMP トラップ サービス', table: 'KB832017 service: SNMP Trap Service', key: 'snmp-trap' },
  {
    ja: 'Simple Service Discovery Protocol (SSDP) Discovery Service',
    table: 'KB832017 service: Simple Service Discovery Protocol (SSDP) Discovery Service',
    key: 'ssdp',
  },
  { ja: 'TCP/IP プリント サーバー', table: 'KB832017 service: TCP/IP Print Server', key: 'lpd' },
  { ja: 'Telnet', table: 'KB832017 service: Telnet', key: 'telnet' },
  { ja: 'リモート デスクトップ サービス (RDS)', table: 'KB832017 service: Remote Desktop Services (RDS)', key: 'rds' },
  { ja: 'RDS ライセンス (RDSL)', table: 'KB832017 service: Remote Desktop Licensing (RDSL)', key: 'rds-licensing' },
  { ja: 'リモート デスクトップ接続ブローカー', table: 'KB832017 service: Remote Desktop Connection Broker', key: 'rds-connection-broker' },
  { ja: 'Trivial FTP Daemon', table: 'KB832017 service: Trivial FTP Daemon', key: 'tftp' },
  { ja: 'UPnP デバイス ホスト', table: 'KB832017 service: UPnP Device Host', key: 'upnp-host' },
  { ja: 'Windows インターネット ネーム サービス (WINS)', table: 'KB832017 service: Windows Internet Name Service (WINS)', key: 'wins' },
  { ja: 'Windows Media サービス', table: 'KB832017 service: Windows Media Services', key: 'windows-media' },
  { ja: 'Windows リモート管理 (WinRM)', table: 'KB832017 service: Windows Remote Management (WinRM)', key: 'winrm' },
  { ja: 'Windows Time', table: 'KB832017 service: Windows Time', key: 'w32time' },
  { ja: 'World Wide Web 発行サービス', table: 'KB832017 service: World Wide Web Publishing Service', key: 'w3svc' },
];

/** Headings of the system-service section that own no table (a parent heading, and two prose-only sections). */
export const HEADINGS_WITHOUT_TABLE: readonly string[] = ['Hyper-V サービス', 'IP アドレス管理 (IPAM)', 'BranchCache 情報'];

/**
 * Prose passages whose port statements the catalog encodes. A passage runs from its heading line to
 * the next table header or known heading; its "rows" are the port statements found in it, in order
 * (see `PROSE_PORT_PATTERN`).
 */
export interface ProseSection {
  readonly ja: string;
  /** The catalog's table name (`KB832017 prose: <English name>`). */
  readonly table: string;
  readonly key: string;
}

export const PROSE_SECTIONS: readonly ProseSection[] = [
  { ja: 'Active Directory (ローカル セキュリティ機関)', table: 'KB832017 prose: Active Directory (Local Security Authority)', key: 'active-directory' },
  { ja: 'IP アドレス管理 (IPAM)', table: 'KB832017 prose: IP Address Management (IPAM)', key: 'ipam' },
  { ja: 'BranchCache 情報', table: 'KB832017 prose: BranchCache', key: 'branchcache' },
  { ja: 'ルーティングとリモート アクセス', table: 'KB832017 prose: Routing and Remote Access', key: 'rras' },
  { ja: 'World Wide Web 発行サービス', table: 'KB832017 prose: World Wide Web Publishing Service', key: 'w3svc' },
];

/**
 * A port statement in prose: `UDP ポート 4500`, `TCP ポート 8098`, `ポート 3702 (UDP)`,
 * `IP プロトコル 50`, or a bare `ポート 48885`.
 */
const PROSE_PORT_PATTERN = /(TCP|UDP) ポート (\d+)|ポート (\d+) \((TCP|UDP)\)|IP プロトコル (\d+)|ポート (\d+)/g;

/** The service column of the summary table, mapped to the catalog's service key. */
export const SUMMARY_SERVICE_KEYS: Readonly<Record<string, string>> = {
  'ルーティングとリモート アクセス': 'rras',
  '簡易 TCP/IP サービス': 'simple-tcpip',
  'FTP Publishing Service': 'ftp',
  'Application Layer Gateway Service': 'alg',
  Telnet: 'telnet',
  '簡易メール転送プロトコル': 'smtp',
  'Exchange Server': 'exchange',
  'Exchange Server 2003': 'exchange',
  'Microsoft Exchange Server': 'exchange',
  'Windows インターネット ネーム サービス': 'wins',
  'DNS サーバー': 'dns',
  'インターネット接続ファイアウォール/インターネット接続の共有': 'ics',
  'DHCP サーバー': 'dhcp',
  'DHCP フェールオーバー': 'dhcp',
  'Trivial FTP Daemon Service': 'tftp',
  'Windows Media サービス': 'windows-media',
  'WinRM 1.1 以前': 'winrm',
  'WinRM 2.0': 'winrm',
  'World Wide Web 発行サービス': 'w3svc',
  'HTTP SSL': 'http-ssl',
  'SharePoint Portal Server': 'sharepoint',
  'Kerberos キー配布センター': 'kerberos',
  'Microsoft Exchange MTA Stacks': 'exchange-mta',
  'Microsoft POP3 サービス': 'pop3',
  'ネットワーク ニュース転送プロトコル': 'nntp',
  'Windows Time': 'w32time',
  'メッセージ キュー': 'msmq',
  'リモート プロシージャ コール': 'rpc',
  '証明書サービス': 'certificate-services',
  'クラスター サービス': 'cluster',
  'DFS 名前空間': 'dfsn',
  // The summary's "Distributed File System" (138/UDP only) is the DFS Namespaces table's NetBIOS datagram row.
  '分散ファイル システム': 'dfsn',
  '分散リンク トラッキング': 'link-tracking',
  'Distributed Transaction Coordinator': 'msdtc',
  '分散ファイル システム レプリケーション サービス': 'dfsr',
  '分散ファイル システム レプリケーション': 'dfsr',
  'Fax サービス': 'fax',
  'ファイル レプリケーション サービス': 'frs',
  'グループ ポリシー': 'group-policy',
  'ローカル セキュリティ機関': 'active-directory',
  'Active Directory Web サービス (ADWS)': 'active-directory',
  'Active Directory Management Gateway Service': 'active-directory',
  'Remote Storage Notification': 'remote-storage-notification',
  'リモート記憶域': 'remote-storage',
  'Systems Management Server 2.0': 'sms',
  RDSL: 'rds-licensing',
  'リモート デスクトップ接続ブローカー': 'rds-connection-broker',
  'Computer Browser': 'browser',
  'サーバー': 'smb',
  'Net Logon': 'netlogon',
  Netlogon: 'netlogon',
  'ライセンス ログ サービス': 'license-logging',
  'パフォーマンス ログと警告': 'perf-logs',
  '印刷スプーラー': 'print-spooler',
  'リモート プロシージャ コール ロケーター': 'rpc-locator',
  'SNMP サービス': 'snmp',
  'SNMP トラップ サービス': 'snmp-trap',
  'TCP/IP プリント サーバー': 'lpd',
  'Installation Bootstrap protocol server': 'installation-bootstrap',
  'Installation Bootstrap protocol client': 'installation-bootstrap',
  'Microsoft Operations Manager 2000': 'mom',
  'Microsoft SQL Server': 'sql-server',
  MSSQL$UDDI: 'sql-server-uddi',
  'インターネット認証サービス': 'ias',
  'SSDP Discovery Service': 'ssdp',
  'SQL Server: Downlevel OLAP Client Support': 'sql-olap-downlevel',
  'SMS リモート コントロール エージェント': 'sms-remote-control',
  'SQL Server Analysis Services': 'sql-analysis-services',
  'UPnP デバイス ホスト': 'upnp-host',
  RDS: 'rds',
  'リモート インストール': 'remote-install',
  'ASP.NET 状態サービス': 'aspnet-state',
  // The summary's generic "randomly allocated high TCP ports" row (1024-65535) is the RPC dynamic range.
  'ランダムに割り当てられた非特権 TCP ポート': 'rpc',
  // The summary's "Hyper-V service" rows are the Hyper-V Replica table.
  'Hyper-V サービス': 'hyperv-replica',
  'Hyper-V ライブ マイグレーション': 'hyperv-live-migration',
};

/** The "services on which Active Directory depends" list, mapped to service keys (document order). */
export const AD_DEPENDS_ON_KEYS: Readonly<Record<string, string>> = {
  'Active Directory / LSA': 'active-directory',
  'Computer Browser': 'browser',
  'DFS 名前空間': 'dfsn',
  '分散ファイル システム レプリケーション (SYSVOL のレプリケーションに FRS を使用しない場合)': 'dfsr',
  'ファイル レプリケーション サービス (SYSVOL のレプリケーションに DFSR を使用しない場合)': 'frs',
  'Kerberos キー配布センター': 'kerberos',
  'Net Logon': 'netlogon',
  'リモート プロシージャ コール (RPC)': 'rpc',
  'サーバー': 'smb',
  '簡易メール転送プロトコル (SMTP)': 'smtp',
  'WINS (Windows Server 2003 SP1 およびそれ以降のバージョンにおける Active Directory レプリケーション操作のバックアップ用 (DNS が機能していない場合))': 'wins',
  'Windows Time': 'w32time',
  'World Wide Web 発行サービス': 'w3svc',
};

/** The "services that require Active Directory" list, mapped to service keys (document order). */
export const REQUIRES_AD_KEYS: Readonly<Record<string, string>> = {
  '証明書サービス (個別の構成に必要)': 'certificate-services',
  'DHCP サーバー': 'dhcp',
  'DFS 名前空間 (ドメインベースの名前空間を使用する場合)': 'dfsn',
  '分散ファイル システム レプリケーション': 'dfsr',
  '分散リンク トラッキング サーバー': 'link-tracking',
  'Distributed Transaction Coordinator': 'msdtc',
  'DNS サーバー': 'dns',
  'Fax サービス': 'fax',
  'ファイル レプリケーション サービス': 'frs',
  'インターネット認証サービス': 'ias',
  'License Logging Service': 'license-logging',
  'Net Logon': 'netlogon',
  '印刷スプーラー': 'print-spooler',
  'リモート インストール': 'remote-install',
  'Remote Procedure Call (RPC) Locator': 'rpc-locator',
  'Remote Storage Notification': 'remote-storage-notification',
  'リモート記憶域': 'remote-storage',
  'ルーティングとリモート アクセス': 'rras',
  'サーバー': 'smb',
  '簡易メール転送プロトコル (SMTP)': 'smtp',
  RDS: 'rds',
  RDSL: 'rds-licensing',
  'リモート デスクトップ接続ブローカー': 'rds-connection-broker',
};

export interface SeedRow {
  /** 1-based data-row number within its table. */
  readonly row: number;
  /** 1-based line number of the row's first line in the seed. */
  readonly line: number;
  /** Trimmed cells. */
  readonly cells: readonly string[];
  /** True when the row was broken over several lines in the seed and joined here. */
  readonly joined: boolean;
}

export interface SeedTable {
  /** The heading line that owns the table (`SERVICE_HEADINGS[].ja`, or `SUMMARY_HEADING`). */
  readonly heading: string;
  /** 1-based line number of the table's header line. */
  readonly line: number;
  readonly columns: readonly string[];
  readonly rows: readonly SeedRow[];
  /** The value of the `システム サービス名:` line between the heading and the table, if any. */
  readonly systemServiceName?: string;
}

export interface ProseRow {
  readonly row: number;
  readonly line: number;
  readonly text: string;
  /** `tcp`/`udp` when the statement names one; for `IP プロトコル N`, the port-less transport. */
  readonly transport?: Transport;
  /** The port, or for `IP プロトコル N` the IP protocol number. */
  readonly number: number;
  readonly ipProtocol: boolean;
}

export interface ParsedKb832017 {
  readonly serviceTables: readonly SeedTable[];
  readonly summary: SeedTable;
  readonly prose: Readonly<Record<string, readonly ProseRow[]>>;
  /** Items of the "services on which Active Directory depends" list, as written. */
  readonly adDependsOn: readonly string[];
  /** Items of the "services that require Active Directory" list, as written. */
  readonly requiresAd: readonly string[];
  readonly lines: readonly string[];
}

const HEADER = /^(アプリケーション(?: プロトコル)?|ポート) \| /;
const SEPARATOR = /^-{3}(\|-{3})+\|$/;

/** Splits `a | b | c |` into trimmed cells (the trailing `|` closes the last cell). */
export function splitCells(line: string): string[] {
  const parts = line.trim().split('|');
  if (parts[parts.length - 1].trim() === '') parts.pop();
  return parts.map((p) => p.trim());
}

function parseTableAt(lines: readonly string[], headerIndex: number): { columns: string[]; rows: SeedRow[]; end: number } {
  const columns = splitCells(lines[headerIndex]);
  const width = lines[headerIndex + 1].split('|').length - 1;
  if (width !== columns.length) throw new Error(`line ${headerIndex + 1}: header has ${columns.length} cells, separator ${width}`);
  const rows: SeedRow[] = [];
  let i = headerIndex + 2;
  while (i < lines.length && lines[i].includes('|')) {
    const start = i;
    let cells = splitCells(lines[i]);
    while (cells.length < width && i + 1 < lines.length && lines[i + 1].includes('|')) {
      i += 1;
      cells = cells.concat(splitCells(lines[i]));
    }
    if (cells.length !== width) throw new Error(`line ${start + 1}: row has ${cells.length} cells, expected ${width}`);
    rows.push({ row: rows.length + 1, line: start + 1, cells, joined: i !== start });
    i += 1;
  }
  return { columns, rows, end: i };
}

function proseRows(lines: readonly string[], from: number, to: number): ProseRow[] {
  const out: ProseRow[] = [];
  for (let i = from; i < to; i++) {
    for (const m of lines[i].matchAll(PROSE_PORT_PATTERN)) {
      const row = out.length + 1;
      if (m[1] !== undefined) {
        out.push({ row, line: i + 1, text: m[0], transport: m[1].toLowerCase() as Transport, number: Number(m[2]), ipProtocol: false });
      } else if (m[3] !== undefined) {
        out.push({ row, line: i + 1, text: m[0], transport: m[4].toLowerCase() as Transport, number: Number(m[3]), ipProtocol: false });
      } else if (m[5] !== undefined) {
        const n = Number(m[5]);
        const transport: Transport | undefined = n === 47 ? 'gre' : n === 50 ? 'esp' : n === 51 ? 'ah' : undefined;
        out.push({ row, line: i + 1, text: m[0], transport, number: n, ipProtocol: true });
      } else {
        out.push({ row, line: i + 1, text: m[0], number: Number(m[6]), ipProtocol: false });
      }
    }
  }
  return out;
}

function listAfter(lines: readonly string[], intro: string): string[] {
  const start = lines.findIndex((l) => l === intro);
  if (start < 0) throw new Error(`list intro not found: ${intro}`);
  const items: string[] = [];
  for (let i = start + 1; i < lines.length && lines[i].startsWith('- '); i++) items.push(lines[i].slice(2).trim());
  return items;
}

/** Parses the seed text. Throws when the structure is not what the tests expect (a heading or table is missing). */
export function parseKb832017(text: string): ParsedKb832017 {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const knownHeadings = new Set<string>([...SERVICE_HEADINGS.map((h) => h.ja), ...HEADINGS_WITHOUT_TABLE, SUMMARY_HEADING]);
  const sectionStart = lines.indexOf('システム サービスのポート');
  if (sectionStart < 0) throw new Error('section "システム サービスのポート" not found');

  const tables: SeedTable[] = [];
  for (let i = sectionStart; i + 1 < lines.length; i++) {
    if (!HEADER.test(lines[i]) || !SEPARATOR.test(lines[i + 1])) continue;
    let h = i - 1;
    while (h > sectionStart && !knownHeadings.has(lines[h])) h--;
    if (h <= sectionStart) throw new Error(`table at line ${i + 1} has no known heading before it`);
    let systemServiceName: string | undefined;
    for (let k = h + 1; k < i; k++) {
      const m = /システム サービス名: ([^。]+)/.exec(lines[k]);
      if (m) systemServiceName = m[1].trim();
    }
    const { columns, rows, end } = parseTableAt(lines, i);
    tables.push({ heading: lines[h], line: i + 1, columns, rows, ...(systemServiceName ? { systemServiceName } : {}) });
    i = end - 1;
  }

  const summaries = tables.filter((t) => t.heading === SUMMARY_HEADING);
  if (summaries.length !== 1) throw new Error(`expected one summary table, found ${summaries.length}`);
  const serviceTables = tables.filter((t) => t.heading !== SUMMARY_HEADING);

  const prose: Record<string, ProseRow[]> = {};
  for (const section of PROSE_SECTIONS) {
    const from = lines.indexOf(section.ja, sectionStart);
    if (from < 0) throw new Error(`prose heading not found: ${section.ja}`);
    let to = from + 1;
    while (to < lines.length && !knownHeadings.has(lines[to]) && !HEADER.test(lines[to])) to++;
    prose[section.table] = proseRows(lines, from + 1, to);
  }

  return {
    serviceTables,
    summary: summaries[0],
    prose,
    adDependsOn: listAfter(lines, 'Active Directory が依存するサービスの一覧を次に示します。'),
    requiresAd: listAfter(lines, 'Active Directory サービスを必要とするサービスの一覧を次に示します。'),
    lines,
  };
}

/**
 * The transport(s) a protocol cell names, or `undefined` when the cell is not one of the plain
 * spellings (the test must then apply an explicit fix).
 */
export function transportsOf(cell: string): Transport[] | undefined {
  switch (cell) {
    case 'TCP':
      return ['tcp'];
    case 'UDP':
      return ['udp'];
    case 'TCP + UDP':
    case 'TCP/UDP':
      return ['tcp', 'udp'];
    case 'ICMP':
      return ['icmp'];
    case 'GRE':
      return ['gre'];
    case 'ESP':
      return ['esp'];
    case 'AH':
      return ['ah'];
    default:
      return undefined;
  }
}

/**
 * The port specs a port cell states, in order: `389` → [`389`]; `445、139` → [`445`, `139`];
 * `135 49152 から 65535 までのランダム ポート番号` → [`135`, `49152-65535`]; `該当なし` or an empty cell → [].
 * Parenthesised notes (`(注 1)`, `(このポートは…)`) are dropped first. Footnote digits fused into a number
 * (`1382`) are NOT recognised here.
 */
export function portSpecsOf(cell: string): string[] {
  const text = cell.replace(/\([^)]*\)/g, ' ');
  const specs: string[] = [];
  for (const m of text.matchAll(/(\d+)\s*(?:-|~|から)\s*(\d+)|(\d+)/g)) {
    specs.push(m[3] !== undefined ? m[3] : `${m[1]}-${m[2]}`);
  }
  return specs;
}
