import { CSRF_HEADER, SaveFileResult, UploadResult } from '@panel/contracts';
import { ApiError, getCsrfToken, parseResponse } from '../../api';

const q = (value: string) => encodeURIComponent(value);

export const filesUrls = {
  /** A folder's first page, or the page after a cursor (a previous page's nextCursor). */
  list: (path: string, after?: string | null) => `/api/files?path=${q(path)}${after ? `&after=${q(after)}` : ''}`,
  content: (path: string) => `/api/files/content?path=${q(path)}`,
  download: (path: string) => `/api/files/download?path=${q(path)}`,
  remove: (path: string) => `/api/files?path=${q(path)}`,
  upload: (directory: string) => `/api/files/upload?directory=${q(directory)}`,
};

/**
 * Saves a file: the body is the text itself (not JSON), so files of any size up to the upload limit can be saved.
 * With `expectedVersion`, the server answers 409 when the file changed on disk since it was opened.
 */
export async function saveFile(path: string, content: string, expectedVersion?: string): Promise<SaveFileResult> {
  const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8', accept: 'application/json' };
  const csrf = getCsrfToken();
  if (csrf) headers[CSRF_HEADER] = csrf;
  const url = `/api/files/content?path=${q(path)}${expectedVersion ? `&expectedVersion=${expectedVersion}` : ''}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'PUT',
      headers,
      body: content,
      credentials: 'same-origin',
    });
  } catch (error) {
    throw ApiError.network(error);
  }
  if (!response.ok) throw await ApiError.fromResponse(response);
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw ApiError.unexpectedResponse('PUT', url, response.status, 'not JSON');
  }
  return parseResponse(SaveFileResult, body, 'PUT', url, response.status);
}

/**
 * Uploads one file with progress (fetch cannot report upload progress, XMLHttpRequest can). The browser streams
 * the file from disk; the server streams it to disk.
 */
export function uploadFile(directory: string, file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<UploadResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const url = filesUrls.upload(directory);
    xhr.open('POST', url);
    const csrf = getCsrfToken();
    if (csrf) xhr.setRequestHeader(CSRF_HEADER, csrf);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      const response = new Response(xhr.responseText, { status: xhr.status, headers: { 'content-type': 'application/json' } });
      if (xhr.status < 200 || xhr.status >= 300) {
        void ApiError.fromResponse(response).then(reject);
        return;
      }
      try {
        resolve(parseResponse(UploadResult, JSON.parse(xhr.responseText), 'POST', url, xhr.status));
      } catch (error) {
        reject(error instanceof ApiError ? error : ApiError.unexpectedResponse('POST', url, xhr.status, 'not JSON'));
      }
    };
    xhr.onerror = () => reject(ApiError.network(new Error('upload failed')));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort());
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
