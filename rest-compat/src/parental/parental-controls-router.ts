/**
 * `GET|PUT /api/parental-controls/{childUserId}`: a parent reads and sets the daily chat-time
 * limit of a child in their family (admins of any child). These routes are this product's
 * addition: the CMZ OpenAPI has no operation for them, so they are validated here with zod and
 * answer with the same `Error {code, message, details}` body as the rest of the API.
 *
 * @module
 */
import type { Request, Router } from 'express';
import { z } from 'zod';
import type { Logger } from '@cmz/engine';
import type { TokenService } from '../auth/token-service.ts';
import { createProductRouter, requireRole } from '../http/product-router.ts';
import { restErrors } from '../http/rest-error.ts';
import type { FamilyRepository } from '../persistence/family-repository.ts';
import type { UserRepository } from '../persistence/user-repository.ts';
import type { ChatTimeMeter } from './chat-time-meter.ts';
import type { ParentalControlsRepository } from './parental-controls-repository.ts';

/** The most a limit may be: a whole day, so every sensible setting fits. */
export const maxDailyLimitMinutes = 1440;

const childIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/);
const bodySchema = z.strictObject({
  dailyLimitMinutes: z.number().int().min(1).max(maxDailyLimitMinutes).nullable(),
});

/** What the router needs. */
export interface ParentalControlsRouterOptions {
  tokens: TokenService;
  users: UserRepository;
  families: FamilyRepository;
  controls: ParentalControlsRepository;
  meter: ChatTimeMeter;
  timeZone: string;
  logger: Logger;
}

/**
 * Creates the router; mount it at `/api` before the OpenAPI router (which refuses paths it does
 * not know).
 *
 * @example
 * ```ts
 * app.use('/api', createParentalControlsRouter({ tokens, users, families, controls, meter, timeZone, logger }));
 * ```
 */
export function createParentalControlsRouter(options: ParentalControlsRouterOptions): Router {
  const path = '/parental-controls/:childUserId';
  return createProductRouter({
    tokens: options.tokens,
    logger: options.logger,
    path,
    register: (router) => {
      router.get(path, async (request, response) => {
        const childUserId = await authorizedChild(request, options);
        response.json(await describe(childUserId, options));
      });
      router.put(path, async (request, response) => {
        const childUserId = await authorizedChild(request, options);
        const parsed = bodySchema.safeParse(request.body);
        if (!parsed.success) {
          throw restErrors.unprocessable(
            `dailyLimitMinutes must be a whole number of minutes from 1 to ${maxDailyLimitMinutes}, or null for no limit`,
            {
              errors: parsed.error.issues.map((issue) => ({
                path: issue.path.join('.'),
                message: issue.message,
              })),
            },
          );
        }
        const principal = requireRole(request, ['parent', 'admin']);
        await options.controls.set(childUserId, parsed.data.dailyLimitMinutes, {
          actorId: principal.userId,
        });
        response.json(await describe(childUserId, options));
      });
    },
  });
}

async function authorizedChild(
  request: Request,
  options: ParentalControlsRouterOptions,
): Promise<string> {
  const principal = requireRole(request, ['parent', 'admin']);
  const parsedId = childIdSchema.safeParse(request.params.childUserId);
  if (!parsedId.success) throw restErrors.badRequest('childUserId is not a valid user id');
  const childUserId = parsedId.data;
  if (principal.role === 'parent') {
    const families = await options.families.listForUser(principal.userId);
    const isTheirChild = families.some(
      (family) =>
        family.parentIds.includes(principal.userId) && family.studentIds.includes(childUserId),
    );
    // The same answer for "not your child" and "no such user": nothing leaks about other users.
    if (!isTheirChild) throw restErrors.forbidden('You may only manage your own children');
  }
  if ((await options.users.get(childUserId)) === undefined)
    throw restErrors.notFound('User not found');
  return childUserId;
}

async function describe(childUserId: string, options: ParentalControlsRouterOptions) {
  const controls = await options.controls.get(childUserId);
  return {
    childUserId,
    dailyLimitMinutes: controls.dailyLimitMinutes,
    usedMinutesToday: await options.meter.usedToday(childUserId),
    timeZone: options.timeZone,
    ...(controls.modified ? { modifiedAt: controls.modified.at } : {}),
  };
}
