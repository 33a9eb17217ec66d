import { ConflictError, type DomainError, InputError, NotAllowedError } from '../errors.ts';

/** A workflow's refusal: who may not, a state that does not allow it, or a missing input. */
export interface WorkflowRefusal {
  code: 'not_allowed' | 'conflict' | 'invalid_input';
  message: string;
  /** The input field at fault, for `invalid_input`. */
  field?: string;
}

/** The domain error a service throws for a refusal (the API maps it to its HTTP status). */
export function refusalError(r: WorkflowRefusal, details: Record<string, unknown> = {}): DomainError {
  if (r.code === 'not_allowed') return new NotAllowedError(r.message, details);
  if (r.code === 'conflict') return new ConflictError(r.message, details);
  const path = r.field ?? 'input';
  return new InputError(`字段 ${path}：${r.message}`, [{ path, message: r.message }], details);
}
