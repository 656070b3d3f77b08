import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { ErrorResponse } from '@panel/contracts';
import { HomeFsError } from '@panel/home-fs';
import { homeFsHttpError } from './home-fs-errors';
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';

/** One error shape for the whole API: clear messages for 4xx, an error id (never a stack) for 5xx. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost) {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (response.headersSent) {
      response.end();
      return;
    }
    response.status(body.statusCode).json(body);
  }

  toBody(exception: unknown): ErrorResponse {
    if (exception instanceof HomeFsError) exception = homeFsHttpError(exception);
    // 503s are thrown on purpose with a message for the user (a node is offline, an image is not built).
    if (exception instanceof HttpException && (exception.getStatus() < 500 || exception.getStatus() === 503)) {
      const status = exception.getStatus();
      const raw = exception.getResponse();
      const message =
        typeof raw === 'string'
          ? raw
          : Array.isArray((raw as { message?: unknown }).message)
            ? ((raw as { message: string[] }).message).join(' ')
            : String((raw as { message?: unknown }).message ?? exception.message);
      return { statusCode: status, error: statusText(status), message };
    }
    if (isBodyParserError(exception)) {
      return { statusCode: exception.status, error: statusText(exception.status), message: exception.message };
    }
    const errorId = randomUUID();
    this.logger.error(`error ${errorId}: ${exception instanceof Error ? exception.stack : String(exception)}`);
    return {
      statusCode: 500,
      error: 'Internal Server Error',
      message: `Something went wrong on our side. Quote error id ${errorId} to your operator.`,
      errorId,
    };
  }
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

function isBodyParserError(e: unknown): e is { status: number; message: string } {
  const candidate = e as { status?: unknown; type?: unknown };
  return typeof candidate?.status === 'number' && candidate.status >= 400 && candidate.status < 500 && typeof candidate.type === 'string';
}
