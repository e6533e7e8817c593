// The s3conform command line.
import { Command, CommanderError } from 'commander';
import { EXIT, UsageError } from './common.ts';
import { maskSecrets } from '../redact.ts';
import { suiteVersion } from '../results.ts';

const collect = (v: string, prev: string[] = []) => [...prev, ...v.split(',').filter(Boolean)];

async function main(argv: string[]): Promise<number> {
  const program = new Command('s3conform')
    .description('Conformance tests for S3-compatible object storage endpoints')
    .version(suiteVersion())
    .exitOverride()
    .showHelpAfterError();

  let code: number = EXIT.ok;
  program
    .command('run')
    .description('run the suites against a target (default: embedded s3rver) and write the reports')
    .option('-p, --profile <profile>', 'profile name (fixtures/profiles/NAME.yaml) or path')
    .option('-s, --suite <name...>', 'only these suites (repeat or comma-separate)', collect)
    .option('-o, --out <dir>', 'reports folder (default: reports/)')
    .option('--shard <i/n>', 'run only shard i of n')
    .option('--no-expectations', "ignore the profile's expectations file")
    .option('--include-destructive', 'also run cases that may crash the endpoint (feature destructive); never on a shared endpoint')
    .option('-q, --quiet', 'no console output but errors')
    .action(async (o) => {
      const { runCommand } = await import('./run.ts');
      code = await runCommand(o);
    });
  program
    .command('list')
    .description('list every case with its metadata, without running anything')
    .option('--json', 'print a JSON array of {id, op, features, claims}')
    .option('--full', 'with --json: all metadata')
    .option('-s, --suite <name...>', 'only these suites', collect)
    .action(async (o) => {
      const { listCommand } = await import('./list.ts');
      code = await listCommand(o);
    });
  program
    .command('sweep')
    .description('remove s3c- buckets left by interrupted runs (never anything without the prefix)')
    .requiredOption('-p, --profile <profile>', 'profile name or path')
    .option('--all', 'every s3c- bucket, whatever its age (except those of runs still going here)')
    .option('--older-than <minutes>', 'without a local journal, only s3c- buckets older than this (longer than any run may last)', '180')
    .option('--reports <dir>', 'where run journals are (default: reports/)')
    .option('--dry-run', 'say what would be removed')
    .action(async (o) => {
      const { sweepCommand } = await import('./sweep.ts');
      code = await sweepCommand(o);
    });
  program
    .command('report')
    .description('merge shards, build the matrix against the doc tables, write Markdown/HTML/JUnit/JSON reports')
    .argument('<results...>', 'results.json files or run folders (shards of one run are merged; other runs become columns)')
    .option('-f, --format <list>', 'md, html, junit, json (comma-separated; default md,html)', collect)
    .option('-o, --out <dir>', "output folder (default: reports/report); '-' prints one format (md or json) to stdout")
    .option('-d, --docs <list>', "doc tables (default: the union of the results' provenance.docs)", collect)
    .option('-q, --quiet', 'no console output but errors')
    .action(async (files: string[], o) => {
      const { reportCommand } = await import('./report.ts');
      code = await reportCommand(files, o);
    });
  program
    .command('diff')
    .description('compare two results files; exit 1 when a pass was lost or a case vanished')
    .argument('<baseline>', 'baseline results.json (or run folder; shards joined with commas)')
    .argument('<current>', 'current results.json (or run folder; shards joined with commas)')
    .option('-f, --format <format>', 'text, md or json', 'text')
    .action(async (baseline: string, current: string, o) => {
      const { diffCommand } = await import('./diff.ts');
      code = await diffCommand(baseline, current, o);
    });
  program
    .command('target')
    .description('start|stop|status a local target: rgw, swift, swift-s3acl, container:IMAGE')
    .argument('<action>', 'start, stop or status')
    .argument('<name>', 'rgw, swift, swift-s3acl or container:IMAGE')
    .action(async (action: string, name: string) => {
      const { targetCommand } = await import('./target.ts');
      code = await targetCommand(action, name);
    });

  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`s3conform: ${maskSecrets(e.message)}\n`);
      return EXIT.usage;
    }
    throw e;
  }
  return code;
}

main(process.argv).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`s3conform: ${maskSecrets(e instanceof Error ? (e.stack ?? e.message) : String(e))}\n`);
    process.exit(EXIT.failed);
  },
);
