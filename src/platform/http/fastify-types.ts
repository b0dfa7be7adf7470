import type { Actor, AppContext } from '../context.js';
import type { Permission } from '../auth/permissions.js';
import type { CounterStore } from './counters.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission a caller's role needs (see PERMISSIONS). */
    permission?: Permission;
    /** 'public': no credentials; 'authenticated': every valid caller, no particular permission. */
    access?: 'public' | 'authenticated';
    /** Replays the stored reply when the same Idempotency-Key is sent again. */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    auth: Actor | null;
  }
  interface FastifyInstance {
    ctx: AppContext;
    /** Throttle counters of this app: in Redis when REDIS_URL is set, else in this process. */
    counters: CounterStore;
  }
}

export {};
