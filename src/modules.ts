import type { RoutePlugin } from './platform/http/app.js';
import type { JobDefinition } from './platform/jobs/queue.js';
import { authRoutes } from './accounts/auth.routes.js';
import { apiKeyRoutes } from './accounts/api-keys.routes.js';
import { platformJobs } from './platform/jobs/platform.jobs.js';

/** Every domain's HTTP routes, mounted under /api/v1. */
export const allRoutes: RoutePlugin[] = [authRoutes, apiKeyRoutes];

/** Every background job any process may run. */
export const allJobs: JobDefinition[] = [...platformJobs];
