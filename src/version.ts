// The tool's name and version, read once from package.json.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from './packageRoot.js';

const pkg = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};

export const TOOL = { name: pkg.name, version: pkg.version };
