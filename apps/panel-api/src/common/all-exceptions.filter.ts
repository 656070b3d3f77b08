import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { ErrorResponse } from '@panel/contracts';
import { HomeFsError, HomePathError } from '@panel/home-fs';
import { isDatabaseUnavailable } from './database-unavailable';
import { homeErrorAnswer } from './home-fs-errors';
import { PanelException } from './panel-exception';
import { ZodSerializationException } from 'nestjs-zod';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/** What a 4xx says: its status, its code and its message. */
interface Refusal {
  status: number;
  code: string;
  message: string;
}

/**
 * One error shape for the whole API, and the one place where errors become HTTP: PanelExceptions (each module's
 * coded errors), HomeFsError/HomePathError (refusals in an account's tree), Nest's HttpExceptions (guards, pipes,
 * not-yet-coded refusals: their code is the status's name, e.g. NOT_FOUND) and body-parser's errors are 4xx with a
 * clear message and a `code`; a database server that cannot be reached is a 503 `DATABASE_UNAVAILABLE`; anything
 * else is a 500 whose error id is logged with its stack, never sent.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost) {
    this.respond(host.switchToHttp().getResponse<Response>(), exception);
  }

  /** Express error middleware for what fails before Nest routes a request (the body parsers): the same answers. */
  readonly expressHandler = (error: unknown, _req: Request, res: Response, _next: NextFunction) => this.respond(res, error);

  respond(response: Response, exception: unknown) {
    const body = this.toBody(exception);
    if (response.headersSent) {
      response.end();
      return;
    }
    // A server that is down comes back: clients (and the dashboard) may ask again shortly.
    if (body.code === 'DATABASE_UNAVAILABLE') response.setHeader('Retry-After', '5');
    // PythonAnywhere's API answers errors as {"detail": ...} (Django REST framework), which its clients parse.
    const path = (response.req as Request | undefined)?.path ?? '';
    if (/^\/api\/v[01]\//.test(path)) body.detail = body.message;
    response.status(body.statusCode).json(body);
  }

  toBody(exception: unknown): ErrorResponse {
    const refusal = refusalOf(exception);
    if (refusal) return { statusCode: refusal.status, error: statusText(refusal.status), message: refusal.message, code: refusal.code };
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn(`a database server is unreachable: ${exception instanceof Error ? exception.message : String(exception)}`);
      return {
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'A database server the panel needs is not reachable right now. Try again in a moment.',
        code: 'DATABASE_UNAVAILABLE',
      };
    }
    const errorId = randomUUID();
    // An answer its @ZodResponse schema refused: which fields, to fix the handler or the schema.
    const issues = exception instanceof ZodSerializationException ? ` (the answer broke its schema: ${JSON.stringify((exception.getZodError() as { issues?: unknown }).issues ?? exception.getZodError())})` : '';
    this.logger.error(`error ${errorId}: ${exception instanceof Error ? exception.stack : String(exception)}${issues}`);
    return {
      statusCode: 500,
      error: 'Internal Server Error',
      message: `Something went wrong on our side. Quote error id ${errorId} to your operator.`,
      errorId,
      code: 'INTERNAL_ERROR',
    };
  }
}

function refusalOf(exception: unknown): Refusal | null {
  if (exception instanceof PanelException) return { status: exception.status, code: exception.code, message: exception.message };
  if (exception instanceof HomeFsError || exception instanceof HomePathError) return { ...homeErrorAnswer(exception), message: exception.message };
  // 503s are thrown on purpose with a message for the user (a node is offline, an image is not built).
  if (exception instanceof HttpException && (exception.getStatus() < 500 || exception.getStatus() === 503)) {
    const status = exception.getStatus();
    const raw = exception.getResponse() as string | { message?: unknown; code?: unknown };
    const message =
      typeof raw === 'string'
        ? raw
        : Array.isArray(raw.message)
          ? raw.message.join(' ')
          : String(raw.message ?? exception.message);
    const code = typeof raw === 'object' && typeof raw.code === 'string' ? raw.code : (HttpStatus[status] ?? 'ERROR');
    return { status, code, message };
  }
  if (isBodyParserError(exception)) {
    const { status, type } = exception;
    if (type === 'entity.parse.failed') return { status, code: 'BODY_NOT_JSON', message: 'The request body is not valid JSON.' };
    if (type === 'entity.too.large') return { status, code: 'BODY_TOO_LARGE', message: 'The request body is too large.' };
    return { status, code: 'BODY_UNREADABLE', message: exception.message || 'Bad request.' };
  }
  return null;
}

/** "Bad Request" from 400: the reason phrase, as HTTP spells it. */
function statusText(status: number): string {
  const name = HttpStatus[status];
  if (!name) return 'Error';
  return name
    .toLowerCase()
    .split('_')
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join(' ');
}

/** body-parser's errors (malformed JSON, too large, bad charset) carry a 4xx `status` and a `type`. */
function isBodyParserError(e: unknown): e is { status: number; type: string; message: string } {
  const candidate = e as { status?: unknown; type?: unknown };
  return typeof candidate?.status === 'number' && candidate.status >= 400 && candidate.status < 500 && typeof candidate.type === 'string';
}
