/**
 * `/auth*`: sign-in, token refresh, sign-out and password reset, all through the auth service
 * (which rate-limits, hashes and logs without personal data).
 *
 * `POST /auth/reset_password` always answers 204 for a request (no account enumeration). As an
 * extension it also completes a reset: a body with `resetToken` and `newPassword` (besides the
 * required `email`) sets the new password, answering 400 for a bad token or a weak password. The
 * spec has no operation for that step; without it a reset link could never be used.
 *
 * @module
 */
import type { Request } from 'express';
import type { AuthService, SignInResult } from '../auth/index.ts';
import type { OperationHandlers } from '../http/operation-types.ts';
import { restErrors } from '../http/rest-error.ts';
import { bodyObject, optionalString } from './operation-support.ts';
import { withPersistenceErrors } from './persistence-error-mapping.ts';

/**
 * Creates the auth handlers.
 *
 * @example
 * ```ts
 * const handlers = createAuthOperations({ authService });
 * ```
 */
export function createAuthOperations(dependencies: {
  authService: AuthService;
}): OperationHandlers {
  const { authService } = dependencies;
  return withPersistenceErrors({
    authPost: async ({ body, request }) => {
      const input = bodyObject(body);
      const result = await authService.login({
        email: optionalString(input.email),
        username: optionalString(input.username),
        password: String(input.password ?? ''),
        clientAddress: request.ip,
      });
      return { status: 200, body: toAuthResponse(result) };
    },
    authRefreshPost: async ({ request }) => ({
      status: 200,
      body: toAuthResponse(await authService.refresh(requireBearerToken(request))),
    }),
    authLogoutPost: async ({ request }) => {
      await authService.logout(requireBearerToken(request));
      return { status: 204 };
    },
    authResetPasswordPost: async ({ body }) => {
      const input = bodyObject(body);
      const resetToken = optionalString(input.resetToken);
      const newPassword = optionalString(input.newPassword);
      if (resetToken !== undefined && newPassword !== undefined) {
        await authService.resetPassword(resetToken, newPassword);
      } else {
        await authService.requestPasswordReset(String(input.email ?? ''));
      }
      return { status: 204 };
    },
  });
}

/**
 * The spec's `AuthResponse`: the token, its lifetime, and the user with `name` (= displayName,
 * the field the old frontend reads).
 *
 * @example
 * ```ts
 * toAuthResponse(await authService.login({ email, password })).user.name;
 * ```
 */
export function toAuthResponse(result: SignInResult): Record<string, unknown> {
  const { user } = result;
  const displayName = user.displayName === '' ? user.userId : user.displayName;
  return {
    token: result.token,
    expiresIn: result.expiresIn,
    user: {
      userId: user.userId,
      email: user.email,
      role: user.role,
      displayName,
      name: displayName,
    },
  };
}

/** The bearer token of the request; the route's authentication already verified it. */
function requireBearerToken(request: Request): string {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  if (match?.[1] === undefined) throw restErrors.unauthorized('Send the token to renew or end');
  return match[1];
}
