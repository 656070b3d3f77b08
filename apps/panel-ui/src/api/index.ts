export { api, ApiClient, getCsrfToken, setCsrfToken } from './client';
export type { ApiClientOptions, HttpMethod, RequestOptions } from './client';
export { ApiError, errorMessage, isApiError } from './errors';
