import { BadRequestException, Body, PipeTransform, Query } from '@nestjs/common';
import { ApiBody, ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';

/** Validates a value against a shared zod schema; a failure is a 400 whose message states each rule broken. */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value ?? {});
    if (!result.success) throw new BadRequestException(formatZodError(result.error));
    return result.data;
  }
}

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

/** `@ZodBody(Schema) body: T`: validates the JSON body and documents it in the OpenAPI document. */
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

/** Documents a response body with its shared schema. */
export function ZodResponse(status: number, schema: z.ZodType, description = ''): MethodDecorator {
  return ApiResponse({ status, description, schema: toOpenApiSchema(schema) });
}
