// One ajv instance for all the project's JSON Schemas, with readable error messages.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { SCHEMAS } from './paths.ts';

// ajv-formats ships CJS; under ESM its default export may be wrapped once more.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as (ajv: Ajv) => Ajv;

const ajv = addFormats(new Ajv({ allErrors: true, useDefaults: true, strict: false }));
const cache = new Map<string, ValidateFunction>();

export function validator(schemaFile: string): ValidateFunction {
  let fn = cache.get(schemaFile);
  if (!fn) {
    const schema = JSON.parse(readFileSync(path.join(SCHEMAS, schemaFile), 'utf8')) as object;
    fn = ajv.compile(schema);
    cache.set(schemaFile, fn);
  }
  return fn;
}

/** "identities.main.secretAccessKey: must have required property …" — names the field. */
export function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const where = e.instancePath ? e.instancePath.slice(1).replaceAll('/', '.') : '(top level)';
    const extra =
      e.keyword === 'additionalProperties'
        ? ` '${(e.params as { additionalProperty: string }).additionalProperty}'`
        : e.keyword === 'enum'
          ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})`
          : '';
    return `${where}: ${e.message ?? 'invalid'}${extra}`;
  });
}

export class SchemaError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file} is not valid:\n  - ${problems.join('\n  - ')}`);
    this.name = 'SchemaError';
  }
}

export function assertValid<T>(schemaFile: string, data: unknown, label: string): T {
  const fn = validator(schemaFile);
  if (!fn(data)) throw new SchemaError(label, describeErrors(fn.errors));
  return data as T;
}
