#!/usr/bin/env node
// Entry point: the CLI is TypeScript, loaded through tsx so there is no build step to forget.
import { register } from 'tsx/esm/api';

// The SDK version is pinned in package-lock.json; its notice about releases after 2026 needing
// Node 22 is not about this install and would only clutter every run's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// vitest's Node API is big: loaded through tsx's loader hooks it costs the CLI ~150 MiB more
// RSS (measured: 260 vs 110 MiB). Commands that drive vitest load it first, untransformed; the
// TypeScript imports below then find it in the module cache.
if (['run', 'list'].includes(process.argv[2])) await import('vitest/node');

register();
await import('../harness/cli/main.ts');
