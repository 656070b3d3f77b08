import type { ErrorResponse } from '@panel/contracts';
import type { Duplex } from 'node:stream';

/**
 * What Node's HTTP parser refuses before any route sees it (a request head over its 16 KiB, a malformed request line
 * or header, a head that never finished) is answered in the API's error shape too, not with a bare status line.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [statusCode, reason, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'REQUEST_HEAD_TOO_LARGE', 'The request line and headers are too large (at most 16 KiB).']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'REQUEST_TIMEOUT', 'The request did not arrive in time.']
        : [400, 'Bad Request', 'REQUEST_MALFORMED', 'The request is not valid HTTP.'];
  const body = JSON.stringify({ statusCode, error: reason, message, code } satisfies ErrorResponse);
  socket.end(`HTTP/1.1 ${statusCode} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}
