/**
 * The REST compatibility layer as a server extension: it opens DynamoDB, seeds development data,
 * builds the auth service and every operation's handler, and serves the API under `/api` on the
 * main port and at the root of the legacy port (8080) so old clients keep their exact URLs.
 *
 * @module
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import cors from 'cors';
import express from 'express';
import { visitorRoom, type ServerExtension } from '@cmz/engine';
import { createAuthService } from './auth/auth-service.ts';
import { createDevelopmentResetDelivery } from './auth/development-reset-delivery.ts';
import { resolveJwtSecret } from './auth/jwt-secret.ts';
import { createPasswordHasher } from './auth/password-hashing.ts';
import { createSocketAuthenticator } from './auth/socket-authenticator.ts';
import { createTokenService } from './auth/token-service.ts';
import { createAuthStores } from './composition/auth-stores.ts';
import { startAnimalSync } from './composition/animal-sync.ts';
import { createLoginLimiters } from './composition/login-limiters.ts';
import { openDynamo } from './composition/open-dynamo.ts';
import { loadRestConfig } from './composition/rest-config.ts';
import { createAnalytics } from './analytics/create-analytics.ts';
import { archivePlugin } from './conversation/archive-plugin.ts';
import { createConversationTurns } from './conversation/conversation-turns.ts';
import { createRestRouter } from './http/create-rest-router.ts';
import { createMedia } from './media/create-media.ts';
import { createConversationHistoryOperations } from './operations/conversation-history-operations.ts';
import { createConversationTurnOperations } from './operations/conversation-turn-operations.ts';
import { createPart1Operations } from './operations/part1-operations.ts';
import { createSystemOperations } from './operations/system-operations.ts';
import { seedDevelopmentData } from './persistence/seed.ts';
import { createMemoryChatTimeMeter, createRedisChatTimeMeter } from './parental/chat-time-meter.ts';
import { createFactCardsRouter } from './knowledge/fact-cards-router.ts';
import { startKnowledgeSync } from './knowledge/knowledge-sync.ts';
import { createKnowledgeArticleOperations } from './operations/knowledge-article-operations.ts';
import { createGuardrailOperations } from './guardrails/guardrail-operations.ts';
import { createParentalControlsRouter } from './parental/parental-controls-router.ts';
import { timeLimitPlugin } from './parental/time-limit-plugin.ts';
import { createAssistantOverlay } from './assistants/assistant-persona.ts';
import { createAssistantManagement } from './assistants/create-assistant-management.ts';
import { createContextOperations } from './context/context-operations.ts';
import { withErasedUserCheck } from './privacy/erased-user-tokens.ts';
import { createPrivacyOperations } from './privacy/privacy-operations.ts';

/** The running legacy-port server, for tests. */
export interface RestExtensionHandle {
  legacyPort?: number;
}

/**
 * Creates the extension. `handle` receives the legacy port once it listens.
 *
 * @example
 * ```ts
 * await startServer({ extensions: [restCompatExtension()] });
 * ```
 */
export function restCompatExtension(handle: RestExtensionHandle = {}): ServerExtension {
  return async (context) => {
    const { engine, stores, logger, environment } = context;
    const config = loadRestConfig(environment);
    const dynamo = await openDynamo(config, environment, context.config.DATA_DIR, logger);
    const { repositories } = dynamo;
    const hasher = createPasswordHasher({ cost: config.BCRYPT_COST });
    if (config.seedDevelopmentData) {
      const seeded = await seedDevelopmentData(repositories, { hashPassword: hasher.hashPassword });
      logger.info(
        { users: seeded.createdUsers.length, families: seeded.createdFamilies.length },
        'development users seeded',
      );
    }
    const animalSync = await startAnimalSync({
      animals: repositories.animals,
      guardrails: repositories.guardrails,
      decorate: createAssistantOverlay(repositories.assistants),
      catalog: context.animals,
      logger,
      redis: stores.redis,
    });
    const knowledgeSync = await startKnowledgeSync({
      articles: repositories.knowledge,
      knowledge: context.knowledge,
      logger,
      redis: stores.redis,
    });
    const warn = (message: string) => logger.warn(message);
    const secret = await resolveJwtSecret(config.JWT_SECRET, context.config.DATA_DIR, warn, {
      production: config.production,
    });
    const authStores = createAuthStores(repositories);
    // Tokens of a user erased by a privacy deletion stop working on every route and socket.
    const tokens = withErasedUserCheck(
      createTokenService({ secret, revocations: authStores.revocations }),
      repositories.privacyTraces,
    );
    const limiters = createLoginLimiters(stores, config.LOGIN_ATTEMPTS_PER_MINUTE);
    const authService = createAuthService({
      users: authStores.users,
      tokens,
      hasher,
      resetTokens: authStores.resetTokens,
      loginLimiter: limiters.perAccount,
      addressLimiter: limiters.perAddress,
      logger,
      deliverResetToken: createDevelopmentResetDelivery(logger, { production: config.production }),
    });
    const timeZone = config.ZOO_TIME_ZONE;
    const meter = stores.redis
      ? createRedisChatTimeMeter(stores.redis.publisher, { timeZone })
      : createMemoryChatTimeMeter({ timeZone });
    const analytics = createAnalytics({
      logger,
      stores,
      usage: repositories.usage,
      environment,
      model: () => ({
        provider: context.model.provider,
        modelOverride: context.config.OPENAI_MODEL,
      }),
    });
    const media = createMedia({
      environment,
      dataDirectory: context.config.DATA_DIR,
      repositories,
      tokens,
      logger,
    });
    engine.setPlugins([
      archivePlugin(repositories.conversations),
      analytics.plugin,
      timeLimitPlugin({ controls: repositories.parentalControls, meter }),
    ]);
    const turns = createConversationTurns({
      engine,
      animals: context.animals,
      store: stores.store,
    });
    const handlers = {
      ...createSystemOperations({
        checks: [
          { name: 'conversation-store', check: () => stores.store.ping() },
          { name: 'dynamodb', check: () => dynamo.ping() },
          {
            name: 'model',
            check: () => context.model.checkHealth?.() ?? Promise.resolve(),
            optional: true,
          },
        ],
        model: context.model,
        modelConfigured: context.config.OPENAI_API_KEY !== undefined,
        version: '1.1.0',
      }),
      ...createPart1Operations({
        repositories,
        authService,
        hasher,
        onAnimalChanged: (animalId) => animalSync.changed(animalId),
      }),
      ...createConversationTurnOperations(turns),
      ...createGuardrailOperations({
        repositories,
        catalog: context.animals,
        logger,
        onAnimalChanged: (animalId) => animalSync.changed(animalId),
        onGuardrailsChanged: () => animalSync.changedAll(),
        openAi: {
          apiKey: context.config.OPENAI_API_KEY,
          baseUrl: context.config.OPENAI_BASE_URL,
        },
      }),
      ...createKnowledgeArticleOperations({
        articles: repositories.knowledge,
        animalExists: async (animalId) => (await repositories.animals.get(animalId)) !== undefined,
        onArticleChanged: (knowledgeId) => knowledgeSync.changed(knowledgeId),
      }),
      ...createConversationHistoryOperations({
        repositories,
        engineStore: stores.store,
        shares: stores.shares,
      }),
      ...analytics.handlers,
      ...media.handlers,
      ...createContextOperations({ repositories }),
      ...createPrivacyOperations({
        repositories,
        engineStore: stores.store,
        shares: stores.shares,
        ...(stores.redis ? { redis: stores.redis.publisher } : {}),
        chatTime: meter,
        disconnectVisitor: (userId) => engine.io?.in(visitorRoom(userId)).disconnectSockets(true),
      }),
    };
    const assistantManagement = createAssistantManagement({
      repositories,
      engine,
      animals: context.animals,
      store: stores.store,
      tokens,
      logger,
      environment,
      onAnimalChanged: (animalId) => animalSync.changed(animalId),
      onArticleChanged: (knowledgeId) => knowledgeSync.changed(knowledgeId),
    });
    Object.assign(handlers, assistantManagement.handlers);
    const router = createRestRouter({
      handlers,
      tokens,
      logger,
      validateResponses: config.REST_VALIDATE_RESPONSES,
      measure: analytics.measure,
      observeError: analytics.observeError,
    });
    const corsMiddleware = cors({ origin: config.corsOrigins, credentials: true });
    const parentalRouter = createParentalControlsRouter({
      tokens,
      users: repositories.users,
      families: repositories.families,
      controls: repositories.parentalControls,
      meter,
      timeZone,
      logger,
    });
    const factCardsRouter = createFactCardsRouter({
      tokens,
      logger,
      knowledge: context.knowledge,
      animals: context.animals,
    });
    const mainRouter = express
      .Router()
      .use(
        '/api',
        corsMiddleware,
        parentalRouter,
        factCardsRouter,
        media.fileRouter,
        media.uploadGuard,
        assistantManagement.productRouter,
        assistantManagement.uploadGuard,
        router,
      );
    let legacyServer: Server | undefined;
    return {
      routers: [mainRouter],
      readiness: [{ name: 'dynamodb', check: () => dynamo.ping() }],
      authenticateToken: createSocketAuthenticator(tokens),
      started: async () => {
        if (config.REST_LEGACY_PORT === 'off') return;
        const legacyApp = express()
          .disable('x-powered-by')
          .use('/api', media.fileRouter)
          .use(corsMiddleware, media.uploadGuard, assistantManagement.uploadGuard, router);
        legacyServer = createServer(legacyApp);
        await new Promise<void>((resolve) =>
          legacyServer?.listen(config.REST_LEGACY_PORT as number, context.config.HOST, resolve),
        );
        handle.legacyPort = (legacyServer.address() as AddressInfo).port;
        logger.info({ port: handle.legacyPort }, 'legacy REST port listening');
      },
      close: async () => {
        await new Promise<void>((resolve) =>
          legacyServer ? legacyServer.close(() => resolve()) : resolve(),
        );
        analytics.close();
        await animalSync.close();
        await knowledgeSync.close();
        await Promise.all([limiters.close(), dynamo.close()]);
      },
    };
  };
}
