#!/usr/bin/env node
// Entry point: the CLI is TypeScript, loaded through tsx so there is no build step to forget.
import { register } from 'tsx/esm/api';

// The SDK version is pinned in package-lock.json; its notice about releases after 2026 needing
// Node 22 is not about this install and would only clutter every run's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

register();
await import('../harness/cli/main.ts');
