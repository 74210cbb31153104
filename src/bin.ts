#!/usr/bin/env node
// The pathway-kg program (package.json "bin"): runs the command line, nothing else.

import { runProgram } from './cli/main.js';

runProgram(process.argv.slice(2));
