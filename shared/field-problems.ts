import type { z } from 'zod';
import { ProblemCode, type FieldProblem, type ProblemParams } from './errors.ts';

// Zod's issues as problem codes with parameters: the window words them in the clerk's
// language, the CLI shows the schema's own English message. A rule with no built-in check
// (time in the future, description required) names its code in the issue's params:
// `ctx.addIssue({ code: 'custom', message, params: { problem: 'time_format' } })`; its other
// params (`{ problem: 'url_ropo_address', country: 'fi' }`) go with the code.

type Issue = z.core.$ZodIssue;

function codeOf(issue: Issue): { code: ProblemCode; params?: ProblemParams } {
  switch (issue.code) {
    case 'custom': {
      const { problem, ...rest } = issue.params ?? {};
      const named = ProblemCode.safeParse(problem);
      if (!named.success) return { code: 'invalid' };
      // The rule's other params (a country, say) are the sentence's parameters.
      const params = Object.fromEntries(Object.entries(rest).filter(([, v]) => typeof v === 'string' || typeof v === 'number')) as ProblemParams;
      return Object.keys(params).length > 0 ? { code: named.data, params } : { code: named.data };
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return { code: 'too_long', params: { max } };
      if (issue.origin === 'array') return { code: 'too_many', params: { max } };
      return { code: 'too_big', params: { max } };
    }
    case 'too_small':
      if (issue.origin === 'string' || issue.origin === 'array') return { code: 'required' };
      return { code: 'negative' };
    case 'invalid_type':
      if (issue.expected === 'int' || issue.expected === 'number') return { code: 'not_whole_number' };
      // Zod leaves the input out of an issue; its default message says what came.
      return { code: /received (undefined|null)$/.test(issue.message) ? 'required' : 'invalid' };
    case 'invalid_value':
      return { code: 'choose_one', params: { options: issue.values.map(String).join(', ') } };
    default:
      return { code: 'invalid' };
  }
}

/** One problem per issue, named by its field's path ("invoices.0.jobid"). */
export function fieldProblems(error: z.ZodError, fallbackField = '(report)'): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join('.') : fallbackField,
    ...codeOf(issue),
    message: issue.message,
  }));
}
