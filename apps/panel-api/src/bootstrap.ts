import { INestApplication, Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { PanelConfig } from '@panel/config';
import cookieParser from 'cookie-parser';
import { json, urlencoded } from 'express';
import { AppModule } from './app.module';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { answerClientError } from './common/client-error';
import type { Server } from 'node:http';

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

/** Builds the HTTP app (used by main.ts and by the integration tests). */
export async function createApp(config: PanelConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1),
    bodyParser: false,
  });
  // X-Forwarded-For is believed only from the operator's proxies; otherwise any local client could pick its address.
  app.set('trust proxy', config.trustedProxies.length ? config.trustedProxies : false);
  app.use(cookieParser());
  // Our own JSON parser, so a malformed body is a 400 in the API's error shape (whatever else is mounted).
  app.use(json({ limit: '1mb' }));
  // Form-encoded bodies too: scripts written for PythonAnywhere's API send `requests.post(url, data={...})`.
  app.use(urlencoded({ extended: false, limit: '1mb' }));
  // A body the parsers refuse never reaches Nest's filters: the same filter answers it (a 400/413, not HTML).
  const errors = new AllExceptionsFilter();
  app.use(errors.expressHandler);
  app.useGlobalFilters(errors);
  (app.getHttpServer() as Server).on('clientError', answerClientError);
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Panel API')
      .setDescription('The dashboard API and the PythonAnywhere-compatible API (/api/v0). Authenticate with "Authorization: Token <token>".')
      .setVersion('0.1.0')
      .addApiKey({ type: 'apiKey', in: 'header', name: 'Authorization', description: 'Token <your API token>' }, 'token')
      .addSecurityRequirements('token')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
  return app;
}

export async function listen(app: INestApplication, config: PanelConfig): Promise<void> {
  await app.listen(config.api.port, config.api.host);
  new Logger('panel-api').log(`listening on ${config.api.host}:${config.api.port}; dashboard at ${config.api.publicUrl}`);
}
