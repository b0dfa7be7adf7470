import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

/** A theme's name in the UI language: built-in themes are translated, a workspace's own shown as written. */
export function useThemeName(): (theme: string) => string {
  const { t } = useTranslation();
  return useCallback((theme: string) => t(`feedback.themeNames.${theme}`, { defaultValue: theme.replace(/_/g, ' ') }), [t]);
}
