/**
 * Authentication and authorization of the REST compatibility layer: tokens, sign-in, password
 * reset, the role matrix and the Express and Socket.IO glue.
 *
 * @module
 */
export { AuthFailure, authFailureKinds } from './auth-failure.ts';
export type { AuthFailureCode } from './auth-failure.ts';
export { createAuthService } from './auth-service.ts';
export type { AuthService, AuthServiceOptions, LoginRequest } from './auth-service.ts';
export type {
  AuthLogger,
  AuthUser,
  AuthUserStore,
  ResetTokenDelivery,
  ResetTokenRecord,
  ResetTokenStore,
  SignedInUser,
  SignInResult,
} from './auth-types.ts';
export { createAuthenticateMiddleware, principalOf } from './authenticate-request.ts';
export type { AuthenticateOptions } from './authenticate-request.ts';
export { requireAccess } from './authorize-request.ts';
export { accessScope, authorize } from './authorize.ts';
export type { Authorization } from './authorize.ts';
export { createDevelopmentResetDelivery } from './development-reset-delivery.ts';
export { resolveJwtSecret } from './jwt-secret.ts';
export { createMemoryResetTokenStore, createMemoryUserStore } from './memory-auth-stores.ts';
export { operationRoutes } from './operation-routes.ts';
export type { OperationRoute } from './operation-routes.ts';
export { createPasswordHasher, productionBcryptCost } from './password-hashing.ts';
export type { PasswordHasher } from './password-hashing.ts';
export { checkPasswordPolicy, passwordSpecialCharacters } from './password-policy.ts';
export type { PasswordPolicyResult } from './password-policy.ts';
export { resetTokenLifetimeMs } from './password-reset-flow.ts';
export type { Principal, TokenSubject } from './principal.ts';
export { renderRoleMatrixMarkdown } from './render-role-matrix.ts';
export { roleMatrix, scopeDescriptions } from './role-matrix.ts';
export type { Caller, OperationAccess, Scope } from './role-matrix.ts';
export { isRole, normalizeRole, roles } from './roles.ts';
export type { Role } from './roles.ts';
export { createSocketAuthenticator } from './socket-authenticator.ts';
export { createMemoryTokenRevocations } from './token-revocations.ts';
export type { TokenRevocationStore } from './token-revocations.ts';
export { createTokenService } from './token-service.ts';
export type { IssuedToken, TokenService, TokenServiceOptions } from './token-service.ts';
