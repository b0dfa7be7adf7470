import type { PresetAvatar } from './personas-api';

// Each preset: two gradient colours and a small emblem, drawn inline (no image files, no CDN).
const PRESETS: Record<PresetAvatar, { from: string; to: string; emblem: string }> = {
  explorer: { from: '#0ea5e9', to: '#6366f1', emblem: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18M15.5 8.5l-2 5-5 2 2-5z' },
  pragmatist: { from: '#64748b', to: '#0f766e', emblem: 'M5 12.5l4.5 4.5L19 7.5' },
  loyalist: { from: '#f43f5e', to: '#db2777', emblem: 'M12 20s-7-4.4-7-10a4 4 0 0 1 7-2.6A4 4 0 0 1 19 10c0 5.6-7 10-7 10' },
  'bargain-hunter': { from: '#f59e0b', to: '#ea580c', emblem: 'M4 12V4h8l8 8-8 8zM8 8h.01' },
  newcomer: { from: '#22c55e', to: '#0d9488', emblem: 'M12 20v-8M12 12c0-4 3-6 7-6 0 4-3 6-7 6M12 14c0-3-2-5-6-5 0 3 2 5 6 5' },
  skeptic: { from: '#a855f7', to: '#6d28d9', emblem: 'M9 9a3 3 0 1 1 4 2.8c-.6.3-1 .9-1 1.6V15M12 18h.01' },
  champion: { from: '#eab308', to: '#d97706', emblem: 'M8 4h8v5a4 4 0 0 1-8 0zM12 13v4M8 20h8M16 6h3a3 3 0 0 1-3 3M8 6H5a3 3 0 0 0 3 3' },
  'busy-professional': { from: '#334155', to: '#1e40af', emblem: 'M4 8h16v11H4zM9 8V5h6v3M4 13h16' },
  'family-planner': { from: '#14b8a6', to: '#0284c7', emblem: 'M4 11l8-6 8 6M6 10v9h12v-9M10 19v-5h4v5' },
  'tech-enthusiast': { from: '#8b5cf6', to: '#2563eb', emblem: 'M7 7h10v10H7zM10 10h4v4h-4zM10 3v4M14 3v4M10 17v4M14 17v4M3 10h4M3 14h4M17 10h4M17 14h4' },
  traveller: { from: '#06b6d4', to: '#2563eb', emblem: 'M3 13l18-8-6 16-3-7zM12 14l9-9' },
  student: { from: '#ec4899', to: '#8b5cf6', emblem: 'M3 9l9-4 9 4-9 4zM7 11v4c3 2 7 2 10 0v-4' },
};

export const isPreset = (avatar: string | null): avatar is `preset:${PresetAvatar}` =>
  !!avatar && avatar.startsWith('preset:') && avatar.slice(7) in PRESETS;

/** A persona's picture: an uploaded image, a built-in preset, or the initial of its name. */
export function PersonaAvatar({ avatar, name, size = 72 }: { avatar: string | null; name: string; size?: number }) {
  if (avatar && avatar.startsWith('data:image/')) {
    return <img className="persona-avatar" src={avatar} alt="" width={size} height={size} />;
  }
  const preset = isPreset(avatar) ? PRESETS[avatar.slice(7) as PresetAvatar] : { from: '#94a3b8', to: '#475569', emblem: '' };
  const id = `g-${(isPreset(avatar) ? avatar.slice(7) : 'none')}`;
  return (
    <svg className="persona-avatar" width={size} height={size} viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <defs>
        <linearGradient id={id} x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor={preset.from} />
          <stop offset="1" stopColor={preset.to} />
        </linearGradient>
      </defs>
      <circle cx="32" cy="32" r="32" fill={`url(#${id})`} />
      <circle cx="32" cy="25" r="10" fill="#fff" fillOpacity="0.92" />
      <path d="M13 54c2-10 10-15 19-15s17 5 19 15" fill="#fff" fillOpacity="0.92" />
      {preset.emblem ? (
        <g transform="translate(40 38) scale(0.9)">
          <circle cx="12" cy="12" r="12" fill="#fff" />
          <path d={preset.emblem} fill="none" stroke={preset.to} strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
        </g>
      ) : (
        <text x="32" y="60" textAnchor="middle" fontSize="10" fill="#fff">{[...name][0]?.toUpperCase()}</text>
      )}
    </svg>
  );
}

export const PRESET_KEYS = Object.keys(PRESETS) as PresetAvatar[];
