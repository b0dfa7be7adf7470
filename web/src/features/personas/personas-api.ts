import type { ApiBody, ApiData } from '../../lib/api';

// Shapes of the personas endpoints, generated from src/customers/personas/personas.schemas.ts.

export const PRESET_AVATARS = [
  'explorer', 'pragmatist', 'loyalist', 'bargain-hunter', 'newcomer', 'skeptic',
  'champion', 'busy-professional', 'family-planner', 'tech-enthusiast', 'traveller', 'student',
] as const;
export type PresetAvatar = (typeof PRESET_AVATARS)[number];

export const DEMOGRAPHIC_KEYS = ['ageBand', 'gender', 'incomeBand', 'location', 'occupation', 'education', 'familyStatus'] as const;
export const CHANNELS = ['email', 'sms', 'phone', 'chat', 'app', 'web', 'store', 'social'] as const;
export const MAX_AVATAR_BYTES = 256 * 1024;

export type Persona = ApiData<'get', '/personas/{id}'>;
/** The editor holds every field of a new persona (the API fills defaults for those left out). */
export type PersonaInput = Required<ApiBody<'post', '/personas'>>;

export const personaKeys = {
  all: ['personas'] as const,
  list: ['personas', 'list'] as const,
  detail: (id: string) => ['personas', 'detail', id] as const,
};

/** Bytes a base64 data URL decodes to. */
export function dataUrlBytes(url: string): number {
  const b64 = url.slice(url.indexOf(',') + 1);
  return Math.floor((b64.length * 3) / 4) - (b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0);
}

function loadImage(file: File): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(file);
    const img = new Image();
    img.onload = () => {
      URL.revokeObjectURL(url);
      resolve(img);
    };
    img.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error('not an image'));
    };
    img.src = url;
  });
}

/**
 * Turns a picked photo into a square data URL of at most 256 KB: cropped to the centre, scaled
 * down, and re-encoded (WebP where the browser can, else JPEG) at lower quality until it fits.
 */
export async function avatarFromFile(file: File): Promise<string> {
  const img = await loadImage(file);
  const side = Math.min(img.naturalWidth, img.naturalHeight);
  if (!side) throw new Error('not an image');
  for (const size of [512, 384, 256, 160]) {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = Math.min(size, side);
    const g = canvas.getContext('2d');
    if (!g) throw new Error('no canvas');
    g.fillStyle = '#ffffff';
    g.fillRect(0, 0, canvas.width, canvas.height);
    g.drawImage(img, (img.naturalWidth - side) / 2, (img.naturalHeight - side) / 2, side, side, 0, 0, canvas.width, canvas.height);
    for (const quality of [0.86, 0.75, 0.6, 0.45]) {
      let url = canvas.toDataURL('image/webp', quality);
      if (!url.startsWith('data:image/webp')) url = canvas.toDataURL('image/jpeg', quality);
      if (dataUrlBytes(url) <= MAX_AVATAR_BYTES) return url;
    }
  }
  throw new Error('too large');
}
