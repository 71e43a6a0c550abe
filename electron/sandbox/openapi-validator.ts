// Validates request bodies against Ropo One's own OpenAPI document (a copy lives next to
// this file), so the simulator judges requests by the published contract and tests can
// prove that every request our client sends would pass it.
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import openApiDocument from './ropo-one.openapi.json' with { type: 'json' };

export type OpenApiBodyKind = 'token' | 'event';

export interface OpenApiResult {
  valid: boolean;
  /** One line per problem, each starting with the field it concerns: `invoices.0.jobid: must be integer`. */
  errors: string[];
}

const DOCUMENT_ID = 'ropo-one.openapi.json';

const SCHEMA_NAMES: Record<OpenApiBodyKind, string> = {
  token: 'AuthLogin',
  event: 'UsageplaceEvent',
};

let validators: Record<OpenApiBodyKind, ValidateFunction> | null = null;

// Compiled lazily and once: compiling is the slow part, validating is cheap.
function compiled(): Record<OpenApiBodyKind, ValidateFunction> {
  if (validators) return validators;
  // strict: false because an OpenAPI document carries keywords (openapi, paths, ...) that
  // are not JSON Schema; the schemas themselves are plain 2020-12.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema(openApiDocument, DOCUMENT_ID);
  const compile = (name: string): ValidateFunction =>
    ajv.compile({ $ref: `${DOCUMENT_ID}#/components/schemas/${name}` });
  validators = { token: compile(SCHEMA_NAMES.token), event: compile(SCHEMA_NAMES.event) };
  return validators;
}

/** `/invoices/0/jobid` → `invoices.0.jobid`; the body itself is called `body`. */
function fieldName(instancePath: string, child?: string): string {
  const parts = instancePath.split('/').filter((p) => p !== '');
  if (child !== undefined) parts.push(child);
  return parts.length === 0 ? 'body' : parts.map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~')).join('.');
}

function describe(error: ErrorObject): string {
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty?: string }).missingProperty ?? '?';
    return `${fieldName(error.instancePath, missing)}: is required`;
  }
  return `${fieldName(error.instancePath)}: ${error.message ?? 'is invalid'}`;
}

/** Checks a parsed JSON body against the OpenAPI request schema of `POST /rest/token` or `POST /rest/usageplace/event`. */
export function validateAgainstOpenApi(kind: OpenApiBodyKind, body: unknown): OpenApiResult {
  const validate = compiled()[kind];
  if (validate(body)) return { valid: true, errors: [] };
  const errors = [...new Set((validate.errors ?? []).map(describe))];
  return { valid: false, errors: errors.length > 0 ? errors : ['body: is invalid'] };
}
