import type { z } from 'zod';
import type { ZFatigueSettings } from '../survey-settings.js';

/** A survey's own fatigue settings (settings.fatigue). */
export type TFatigueSettingsShape = z.output<typeof ZFatigueSettings>;
