import type { FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { client, fieldErrorsOf, ok, setCsrfToken } from '../../lib/api';
import { meQuery } from '../../lib/session';
import { TextField, formValues } from '../../components/field';
import { Loading, ProblemAlert } from '../../components/feedback';
import { useDocumentTitle } from '../../components/page-header';
import { AuthCard } from './auth-card';

/** Only same-site paths are followed after sign-in, so a crafted link cannot send people elsewhere. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export default function LoginPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('login.title'));
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useQuery(meQuery);

  const login = useMutation({
    mutationFn: (v: Record<string, string>) => ok(client.POST('/auth/login', { body: { email: v.email, password: v.password } }), { expectUnauthorized: true }),
    onSuccess: async (res) => {
      setCsrfToken(res.csrfToken);
      queryClient.clear();
      await queryClient.fetchQuery(meQuery);
      navigate(next, { replace: true });
    },
  });

  if (me.isPending) return <Loading />;
  if (me.data && !login.isPending) return <Navigate to={next} replace />;

  const errors = fieldErrorsOf(login.error);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    login.mutate(formValues(e.currentTarget));
  };

  return (
    <AuthCard title={t('login.title')} subtitle={t('login.subtitle')}>
      <form onSubmit={submit} noValidate className="stack">
        <ProblemAlert error={login.error} />
        <TextField label={t('login.email')} name="email" type="email" autoComplete="username" required autoFocus error={errors.email} />
        <TextField label={t('login.password')} name="password" type="password" autoComplete="current-password" required error={errors.password} />
        <button type="submit" className="button button-primary button-block" disabled={login.isPending}>
          {login.isPending ? t('login.signingIn') : t('login.submit')}
        </button>
      </form>
      <p className="auth-footnote">{t('login.forgotHint')}</p>
    </AuthCard>
  );
}
