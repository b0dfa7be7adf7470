import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../platform/auth/authenticate.js';

/**
 * Hands a new session to the browser. Every way of signing in (login, accepting an invitation)
 * goes through here so the cookie's security attributes cannot drift apart.
 */
export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string, ttlHours: number): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: req.protocol === 'https',
    maxAge: ttlHours * 3600,
  });
}
