import type { FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, client, fieldErrorsOf, ok, setCsrfToken } from '../../lib/api';
import { meQuery } from '../../lib/session';
import { supportedLanguage } from '../../i18n';
import { useFormat } from '../../lib/format';
import { TextField, formValues } from '../../components/field';
import { Loading, LoadError, ProblemAlert } from '../../components/feedback';
import { useDocumentTitle } from '../../components/page-header';
import { AuthCard } from './auth-card';

/** /invite/:token — joins a workspace: new people choose a password, existing users confirm theirs. */
export default function AcceptInvitationPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('invite.title'));
  const { token = '' } = useParams();
  const fmt = useFormat();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const params = { path: { token } };

  const invitation = useQuery({
    queryKey: ['invitation', token],
    queryFn: ({ signal }) => ok(client.GET('/public/invitations/{token}', { params, signal }), { expectUnauthorized: true }),
    retry: false,
  });

  const accept = useMutation({
    mutationFn: (v: Record<string, string>) =>
      ok(client.POST('/public/invitations/{token}/accept', { params, body: { name: v.name, password: v.password } }), { expectUnauthorized: true }),
    onSuccess: async (res) => {
      setCsrfToken(res.csrfToken);
      // A new account keeps the language its owner signed up in, instead of the server default.
      if (invitation.data && !invitation.data.userExists) {
        await ok(client.PATCH('/me', { body: { language: supportedLanguage(i18n.language) } })).catch(() => undefined);
      }
      queryClient.clear();
      await queryClient.fetchQuery(meQuery);
      navigate('/', { replace: true });
    },
  });

  if (invitation.isPending) return <Loading />;
  if (invitation.isError) {
    const gone = invitation.error instanceof ApiError && invitation.error.status === 404;
    return (
      <AuthCard title={t('invite.title')}>
        {gone ? <p role="alert">{t('invite.invalid')}</p> : <LoadError error={invitation.error} onRetry={() => void invitation.refetch()} />}
        <p className="auth-footnote"><Link to="/login">{t('invite.goToLogin')}</Link></p>
      </AuthCard>
    );
  }

  const inv = invitation.data;
  const errors = fieldErrorsOf(accept.error);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    accept.mutate(formValues(e.currentTarget, { dropEmpty: true }));
  };

  return (
    <AuthCard title={t('invite.joinWorkspace', { workspace: inv.workspaceName })}
      subtitle={t('invite.summary', { email: inv.email, role: t(`roles.${inv.role}`, { defaultValue: inv.role }), date: fmt.dateTime(inv.expiresAt) })}>
      <form onSubmit={submit} noValidate className="stack">
        <ProblemAlert error={accept.error} />
        {inv.userExists ? (
          <>
            <p>{t('invite.existingAccount')}</p>
            <TextField label={t('login.password')} name="password" type="password" autoComplete="current-password" required autoFocus error={errors.password} />
          </>
        ) : (
          <>
            <TextField label={t('profile.name')} name="name" autoComplete="name" required autoFocus error={errors.name} />
            <TextField label={t('invite.choosePassword')} name="password" type="password" autoComplete="new-password" required minLength={12}
              hint={t('profile.passwordHint')} error={errors.password} />
          </>
        )}
        <button type="submit" className="button button-primary button-block" disabled={accept.isPending}>
          {t('invite.accept')}
        </button>
      </form>
    </AuthCard>
  );
}
