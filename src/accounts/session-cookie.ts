import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../platform/auth/authenticate.js';
import type { SessionLifetime } from '../platform/ports.js';

/**
 * Hands a new session to the browser. Every way of signing in (login, accepting an invitation)
 * goes through here so the cookie's security attributes cannot drift apart.
 */
export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string, lifetime: SessionLifetime): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: req.protocol === 'https',
    // The browser keeps the cookie for the absolute lifetime; the server ends idle sessions earlier.
    maxAge: lifetime.maxAgeDays * 86_400,
  });
}
