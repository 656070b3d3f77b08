import { ArgumentMetadata, applyDecorators, Body, Query, UseInterceptors } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBody, ApiResponse } from '@nestjs/swagger';
import { createZodValidationPipe, ZodSerializerDto, ZodSerializerInterceptor } from 'nestjs-zod';
import { z } from 'zod';
import { RequestException } from './panel-exception';

/*
 * Request and response validation with the shared zod schemas, through nestjs-zod (5.x supports zod 4: its peer
 * range is zod ^3.25 || ^4, and it documents zod 4 schemas with zod's own toJSONSchema). What we use of it:
 * - its validation pipe, for bodies, queries and path parameters (a failure is our RequestException
 *   VALIDATION_FAILED, whose message states each rule broken, not its "Validation failed" with zod's issues);
 * - its response serializer: a route with `@ZodResponse` answers what its schema parses (undeclared keys dropped),
 *   and a handler answering something else is our bug, a 500 (logged with the issues), never a wrong answer. The
 *   interceptor is on those routes only, not global: any interceptor turns an error thrown before a server-sent
 *   events stream starts (/api/jobs/:id/events of another account's job) into a 200 stream instead of a 404.
 * What we do not use: its createZodDto classes for the OpenAPI document. @nestjs/swagger turns each of them into a
 * component of its own referenced by `$ref` (a class per schema, and cleanupOpenApiDoc to post-process the
 * document); the decorators below put each schema inline instead, as zod's toJSONSchema gives it for OpenAPI 3.0
 * (`unrepresentable: 'any'`, where nestjs-zod's generation would throw at start on, say, a z.custom()), which is
 * the document the dashboard and the tests read today.
 */

const NestZodValidationPipe = createZodValidationPipe({
  createValidationException: (error: unknown): Error => (error instanceof z.ZodError ? new RequestException('VALIDATION_FAILED', formatZodError(error)) : (error as Error)),
});

/** Validates a value against a shared zod schema (nestjs-zod's pipe); a missing body or query counts as `{}`. */
export class ZodValidationPipe extends NestZodValidationPipe {
  constructor(schema: z.ZodType) {
    super(schema);
  }

  transform(value: unknown, metadata: ArgumentMetadata) {
    return super.transform(value ?? {}, metadata);
  }
}

/** Each broken rule, prefixed with its field unless the message names it already. */
export function formatZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.join('.');
      return field && !issue.message.toLowerCase().includes(field.toLowerCase()) ? `${field}: ${issue.message}` : issue.message;
    })
    .join(' ');
}

export function toOpenApiSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}

function methodDescriptor(target: object, key: string | symbol | undefined): PropertyDescriptor {
  return Object.getOwnPropertyDescriptor(target, key as string | symbol)!;
}

/** `@ZodBody(Schema) body: T`: validates the JSON (or form) body and documents it in the OpenAPI document. */
export function ZodBody(schema: z.ZodType): ParameterDecorator {
  return (target, key, index) => {
    Body(new ZodValidationPipe(schema))(target, key!, index);
    ApiBody({ schema: toOpenApiSchema(schema) })(target, key!, methodDescriptor(target, key));
  };
}

/** `@ZodQuery(Schema) query: T`: validates the query string. */
export function ZodQuery(schema: z.ZodType): ParameterDecorator {
  return (target, key, index) => {
    Query(new ZodValidationPipe(schema))(target, key!, index);
  };
}

const serializer = new ZodSerializerInterceptor(new Reflector());

/** The route's answer: documented with its shared schema, and parsed by it before it is sent (nestjs-zod's serializer). */
export function ZodResponse(status: number, schema: z.ZodType, description = ''): MethodDecorator {
  return applyDecorators(ApiResponse({ status, description, schema: toOpenApiSchema(schema) }), ZodSerializerDto(schema), UseInterceptors(serializer));
}
