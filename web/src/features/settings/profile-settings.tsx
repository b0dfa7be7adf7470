import type { FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client, fieldErrorsOf, ok } from '../../lib/api';
import { meQuery, useSession } from '../../lib/session';
import { LANGUAGES, languageAutonym, setLanguage, supportedLanguage } from '../../i18n';
import { SelectField, TextField, formValues } from '../../components/field';
import { ProblemAlert } from '../../components/feedback';
import { PageHeader } from '../../components/page-header';
import { useToast } from '../../components/toast';

/** The signed-in person's name, language and password. */
export default function ProfileSettings() {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const notify = useToast();
  const queryClient = useQueryClient();
  const patchMe = (v: Record<string, string>) =>
    ok(client.PATCH('/me', { body: { name: v.name, language: supportedLanguage(v.language), currentPassword: v.currentPassword, newPassword: v.newPassword } }));

  const saveProfile = useMutation({
    mutationFn: patchMe,
    onSuccess: async (_res, body) => {
      const language = supportedLanguage(body.language);
      if (language) await setLanguage(language);
      await queryClient.invalidateQueries({ queryKey: meQuery.queryKey });
      notify(t('profile.saved'));
    },
  });
  const changePassword = useMutation({
    mutationFn: patchMe,
    onSuccess: () => notify(t('profile.passwordChanged')),
  });

  if (!me.user) return null;
  const profileErrors = fieldErrorsOf(saveProfile.error);
  const passwordErrors = fieldErrorsOf(changePassword.error);

  const submitProfile = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    saveProfile.mutate(formValues(e.currentTarget));
  };
  const submitPassword = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    changePassword.mutate(formValues(form), { onSuccess: () => form.reset() });
  };

  return (
    <>
      <section className="panel">
        <PageHeader level={2} title={t('settings.profile')} description={me.user.email} />
        <form onSubmit={submitProfile} noValidate className="form-grid">
          <ProblemAlert error={saveProfile.error} />
          <TextField label={t('profile.name')} name="name" defaultValue={me.user.name} autoComplete="name" required maxLength={120} error={profileErrors.name} />
          <SelectField label={t('user.language')} name="language" defaultValue={supportedLanguage(me.user.language) ?? i18n.language} error={profileErrors.language}>
            {LANGUAGES.map((l) => <option key={l} value={l} lang={l}>{languageAutonym(l)}</option>)}
          </SelectField>
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={saveProfile.isPending}>{t('common.save')}</button>
          </div>
        </form>
      </section>
      <section className="panel" aria-labelledby="password-title">
        <h2 id="password-title" className="section-title">{t('profile.changePassword')}</h2>
        <p className="muted">{t('profile.changePasswordText')}</p>
        <form onSubmit={submitPassword} noValidate className="form-grid">
          <ProblemAlert error={changePassword.error} />
          {/* Lets password managers attach the new password to the right account. */}
          <input type="text" autoComplete="username" value={me.user.email} readOnly hidden />
          <TextField label={t('profile.currentPassword')} name="currentPassword" type="password" autoComplete="current-password" required error={passwordErrors.currentPassword} />
          <TextField label={t('profile.newPassword')} name="newPassword" type="password" autoComplete="new-password" required minLength={12}
            hint={t('profile.passwordHint')} error={passwordErrors.newPassword} />
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={changePassword.isPending}>{t('profile.changePassword')}</button>
          </div>
        </form>
      </section>
    </>
  );
}
