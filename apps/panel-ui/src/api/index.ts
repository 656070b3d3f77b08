export { api, ApiClient, getCsrfToken, parseResponse, setCsrfToken } from './client';
export type { ApiClientOptions, CallOptions, HttpMethod, RequestOptions } from './client';
export { ApiError, errorMessage, isApiError, UNEXPECTED_RESPONSE } from './errors';
