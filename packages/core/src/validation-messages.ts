// Turns zod issues into flat French messages that name the field (and the value when known).
import type { z } from './french-errors.ts';

export interface FieldProblem {
  /** Dotted path, e.g. `besoins.0.thematique`. */
  field: string;
  message: string;
}

export function describeIssues(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(racine)',
    message: issue.message,
  }));
}

/** One line per problem, for HTTP 400 bodies and CLI output. */
export function formatIssues(error: z.ZodError): string {
  return describeIssues(error)
    .map((p) => `${p.field} : ${p.message}`)
    .join(' ; ');
}
