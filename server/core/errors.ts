/**
 * Errors as values with a status and a DRF-shaped body, so InvenTree clients parse them:
 * 400 `{"field": ["message"]}`, 401/403/404 `{"detail": "..."}`. Services throw them; app.ts maps them.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(typeof body.detail === "string" ? body.detail : JSON.stringify(body));
  }
}

export type FieldErrors = Record<string, string[]>;

/** 400 naming one or more fields: `fieldError("quantity", "Must be positive")`. */
export function fieldError(field: string, message: string): ApiError {
  return new ApiError(400, { [field]: [message] });
}

export function fieldErrors(errors: FieldErrors): ApiError {
  return new ApiError(400, errors);
}

export const badRequest = (detail: string) => new ApiError(400, { detail });
export const notAuthenticated = (detail = "Authentication credentials were not provided.") => new ApiError(401, { detail });
export const permissionDenied = (detail = "You do not have permission to perform this action.") => new ApiError(403, { detail });
export const notFound = (detail = "No matching object found.") => new ApiError(404, { detail });

/** Collects field errors while validating a whole body, so the client sees every bad field at once. */
export class FieldErrorCollector {
  readonly errors: FieldErrors = {};
  add(field: string, message: string): void {
    (this.errors[field] ??= []).push(message);
  }
  get empty(): boolean {
    return Object.keys(this.errors).length === 0;
  }
  throwIfAny(): void {
    if (!this.empty) throw fieldErrors(this.errors);
  }
}

/** DRF's message for a related-field pk that matches no (acceptable) object. */
export const invalidPk = (pk: unknown): string => `Invalid pk "${String(pk)}" - object does not exist.`;

/** django-filter's (and DRF's ChoiceField's) message for a value that matches nothing. */
export const invalidChoice = "Select a valid choice. That choice is not one of the available choices.";

/** DRF's DateField message for a value that is not a date. */
export const DATE_FORMAT_MESSAGE = "Date has wrong format. Use one of these formats instead: YYYY-MM-DD.";
