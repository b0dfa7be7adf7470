import { useEffect, useState, type FormEvent } from 'react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { client, fieldErrorsOf, ok } from '../../lib/api';
import { useCan, useSession } from '../../lib/session';
import { useFormat } from '../../lib/format';
import { ConfirmButton } from '../../components/confirm-button';
import { TextField } from '../../components/field';
import { Badge, LoadError, LoadMore, Loading, ProblemAlert, QueryStatus } from '../../components/feedback';
import { PageHeader } from '../../components/page-header';
import { useToast } from '../../components/toast';
import { customerKeys } from '../customers/customers-api';
import { asGroup, EMPTY_RULE, type Group } from './rule-model';
import { RuleBuilder } from './rule-builder';
import { LiveCount } from './live-count';
import { fetchSegments, segmentKeys, type Segment } from './segments-api';
import { SizeChart } from './size-chart';
import { TableWrap } from '../../components/table-wrap';

/** The rule builder's context: attribute definitions, other segments, the base currency. */
export function useRuleContext(selfId?: string) {
  const me = useSession();
  const attributes = useQuery({ queryKey: customerKeys.attributes, queryFn: ({ signal }) => ok(client.GET('/customer-attributes', { signal })) });
  const segments = useQuery({ queryKey: segmentKeys.list, queryFn: ({ signal }) => fetchSegments(signal) });
  return { attributes: attributes.data?.data ?? [], segments: segments.data?.data ?? [], currency: me.workspace.baseCurrency, selfId };
}

function SegmentInsights({ segment }: { segment: Segment }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const history = useQuery({
    queryKey: segmentKeys.history(segment.id, 365),
    queryFn: ({ signal }) => ok(client.GET('/segments/{id}/history', { params: { path: { id: segment.id }, query: { days: 365 } }, signal })),
  });
  const members = useInfiniteQuery({
    queryKey: segmentKeys.members(segment.id),
    queryFn: ({ pageParam, signal }) => ok(client.GET('/segments/{id}/members', { params: { path: { id: segment.id }, query: { cursor: pageParam, limit: 25 } }, signal })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const list = members.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <div className="segment-insights">
      <section className="panel" aria-labelledby="size-title">
        <h2 id="size-title" className="section-title">{t('segments.sizeTitle')}</h2>
        {history.data && history.data.data.length > 0 ? (
          <SizeChart points={history.data.data} locale={fmt.locale} label={t('segments.sizeOver', { name: segment.name })} />
        ) : <p className="muted">{t('segments.noHistory')}</p>}
      </section>
      <section className="panel" aria-labelledby="members-title">
        <h2 id="members-title" className="section-title">{t('segments.memberList', { members: fmt.number(segment.memberCount) })}</h2>
        <QueryStatus query={members} />
        {members.isSuccess && list.length === 0 && <p className="muted">{t('segments.noMembers')}</p>}
        {list.length > 0 && (
          <TableWrap label={t('segments.memberList', { members: fmt.number(segment.memberCount) })}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('customers.list.customer')}</th>
                  <th scope="col">{t('customers.fields.country')}</th>
                  <th scope="col">{t('customers.fields.lifecycleStage')}</th>
                  <th scope="col">{t('segments.enteredAt')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((m) => (
                  <tr key={m.id}>
                    <td><Link to={`/customers/${m.id}`}>{m.name ?? m.email ?? m.externalId ?? t('customers.anonymous')}</Link></td>
                    <td>{m.country ?? '—'}</td>
                    <td><Badge>{t(`customers.stages.${m.lifecycleStage}`, { defaultValue: m.lifecycleStage })}</Badge></td>
                    <td className="nowrap">{fmt.dateTime(m.enteredAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
        <LoadMore query={members} />
      </section>
    </div>
  );
}

/** Create or edit a segment: name, rule with a live count, and for saved ones its size and members. */
export default function SegmentEditor() {
  const { t } = useTranslation();
  const { segmentId } = useParams();
  const navigate = useNavigate();
  const notify = useToast();
  const queryClient = useQueryClient();
  const canManage = useCan('segments:manage');
  const ctx = useRuleContext(segmentId);
  const existing = useQuery({
    queryKey: segmentKeys.detail(segmentId ?? 'new'),
    queryFn: ({ signal }) => ok(client.GET('/segments/{id}', { params: { path: { id: segmentId ?? '' } }, signal })),
    enabled: Boolean(segmentId),
    refetchInterval: (q) => (q.state.data?.computing ? 2000 : false),
  });
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [rule, setRule] = useState<Group>(asGroup(EMPTY_RULE));
  const [loadedId, setLoadedId] = useState<string | null>(null);
  useEffect(() => {
    const s = existing.data;
    if (s && s.id !== loadedId) {
      setName(s.name);
      setDescription(s.description);
      setRule(asGroup(s.rules));
      setLoadedId(s.id);
    }
  }, [existing.data, loadedId]);

  const save = useMutation({
    mutationFn: (body: { name: string; description: string; rules: Group }) =>
      segmentId ? ok(client.PATCH('/segments/{id}', { params: { path: { id: segmentId } }, body })) : ok(client.POST('/segments', { body })),
    onSuccess: async (s) => {
      await queryClient.invalidateQueries({ queryKey: segmentKeys.all });
      await queryClient.invalidateQueries({ queryKey: customerKeys.all });
      notify(segmentId ? t('segments.saved') : t('segments.created', { name: s.name }));
      if (!segmentId) navigate(`/customers/segments/${s.id}`, { replace: true });
    },
  });
  const remove = useMutation({
    mutationFn: () => ok(client.DELETE('/segments/{id}', { params: { path: { id: segmentId ?? '' } } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: segmentKeys.all });
      notify(t('segments.deleted', { name }));
      navigate('/customers/segments');
    },
    onError: (err) => notify(err.message, 'error'),
  });

  if (segmentId && existing.isPending) return <Loading />;
  if (segmentId && existing.isError) return <LoadError error={existing.error} onRetry={() => void existing.refetch()} />;
  const errors = fieldErrorsOf(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ name: name.trim(), description, rules: rule });
  };
  const title = segmentId ? (existing.data?.name ?? '') : t('segments.new');

  return (
    <>
      <Link to="/customers/segments" className="back-link">← {t('segments.back')}</Link>
      <PageHeader title={title} description={segmentId ? undefined : t('segments.newText')}
        actions={segmentId && canManage && (
          <ConfirmButton title={t('segments.deleteTitle')} message={t('segments.deleteMessage', { name })} confirmText={t('segments.delete')} onConfirm={() => remove.mutate()}>
            {t('segments.delete')}
          </ConfirmButton>
        )} />
      <form className="editor-layout" onSubmit={submit} noValidate>
        <div className="panel editor-main">
          <fieldset disabled={!canManage}>
            <div className="editor-fields">
              <TextField label={t('segments.name')} name="name" required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} error={errors.name} />
              <TextField label={t('segments.descriptionLabel')} name="description" maxLength={2000} value={description} onChange={(e) => setDescription(e.target.value)} />
            </div>
            <h2 className="section-title section-title-spaced">{t('segments.rule')}</h2>
            <RuleBuilder rule={rule} onChange={setRule} ctx={ctx} />
          </fieldset>
          <ProblemAlert error={save.error} />
          {canManage && (
            <div className="form-actions">
              <button type="submit" className="button button-primary" disabled={save.isPending || name.trim() === ''}>
                {segmentId ? t('common.save') : t('segments.create')}
              </button>
              {existing.data?.computing && <Badge tone="info">{t('segments.computing')}</Badge>}
            </div>
          )}
        </div>
        <div className="editor-side">
          <LiveCount rule={rule} />
        </div>
      </form>
      {existing.data && <SegmentInsights segment={existing.data} />}
    </>
  );
}
