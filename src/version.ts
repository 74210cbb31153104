// The tool's name and version, read once from package.json.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkgFile = path.resolve(here, '..', ...(here.includes(`${path.sep}dist${path.sep}`) ? ['..'] : []), 'package.json');
const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { name: string; version: string };

export const TOOL = { name: pkg.name, version: pkg.version };
