/**
 * `npm run refresh-endpoints -- <downloaded.json> [--version YYYYMMDDNN] [--out <snapshot.json>]`
 *
 * Validates a file downloaded from https://endpoints.office.com/endpoints/worldwide (shape, ids,
 * CIDRs, ports), writes the snapshot with its version (default: the shipped
 * lib/catalog/data/m365-endpoints-worldwide.json) and prints which endpoint sets were added,
 * removed or changed. Exit code 1 with a clear message for anything malformed; nothing is written then.
 */
import * as fs from 'fs';
import * as path from 'path';
import { validateSnapshot, type EndpointSnapshot } from '../lib/catalog/m365-endpoints';
import { MsPortsError } from '../lib/model/errors';
import { refreshSnapshot } from '../lib/tools/refresh-endpoints';

const DEFAULT_OUT = path.resolve(__dirname, '../lib/catalog/data/m365-endpoints-worldwide.json');

function main(argv: string[]): number {
  const args = [...argv];
  let version: string | undefined;
  let out = DEFAULT_OUT;
  const files: string[] = [];
  while (args.length) {
    const a = args.shift()!;
    if (a === '--version') version = args.shift();
    else if (a === '--out') out = path.resolve(args.shift() ?? '');
    else if (a.startsWith('--')) {
      console.error(`refresh-endpoints: unknown option ${a}. Usage: refresh-endpoints <downloaded.json> [--version YYYYMMDDNN] [--out snapshot.json]`);
      return 2;
    } else files.push(a);
  }
  if (files.length !== 1) {
    console.error('refresh-endpoints: pass exactly one downloaded file. Usage: refresh-endpoints <downloaded.json> [--version YYYYMMDDNN] [--out snapshot.json]');
    return 2;
  }
  const file = files[0];
  if (!fs.existsSync(file)) {
    console.error(`refresh-endpoints: ${file} does not exist`);
    return 2;
  }
  try {
    let current: EndpointSnapshot | undefined;
    if (fs.existsSync(out)) current = validateSnapshot(JSON.parse(fs.readFileSync(out, 'utf8')), out);
    const r = refreshSnapshot(fs.readFileSync(file, 'utf8'), { file, version, current });
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, r.text);
    for (const l of r.lines) console.log(l);
    console.log(`wrote ${out}`);
    return 0;
  } catch (e) {
    if (e instanceof MsPortsError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
}

process.exitCode = main(process.argv.slice(2));
