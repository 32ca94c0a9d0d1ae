/**
 * The shape every REST operation handler has: validated input in, a status and body out. Handlers
 * never touch Express directly (except streaming ones), so they are easy to test and to reuse.
 *
 * @module
 */
import type { Request, Response } from 'express';

/** Who is calling (from the bearer token), or null for an anonymous caller. */
export interface RestPrincipal {
  userId: string;
  email: string;
  role: 'admin' | 'zookeeper' | 'educator' | 'parent' | 'student' | 'visitor';
}

/** What a handler receives (already validated against openapi.yaml). */
export interface OperationInput {
  operationId: string;
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  principal: RestPrincipal | null;
  request: Request;
}

/** A JSON (or empty) response. */
export interface JsonResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A handler that writes the response itself (Server-Sent Events). */
export interface StreamResult {
  stream: (response: Response) => Promise<void>;
}

export type OperationResult = JsonResult | StreamResult;

/** One operation's implementation. */
export type OperationHandler = (input: OperationInput) => Promise<OperationResult>;

/** Handlers keyed by operationId. */
export type OperationHandlers = Record<string, OperationHandler>;
