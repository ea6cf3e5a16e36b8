/** Routes under this prefix require the X-API-Key header. */
export const API_PREFIX = 'api/v1';
export const API_KEY_HEADER = 'x-api-key';

/** The body of every error response: a stable code for programs, a message for people. */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  /** The request fields at fault, for validation errors. */
  fields?: { field: string; reason: string }[];
}
