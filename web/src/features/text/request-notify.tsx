import { useId, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { ProblemAlert } from '../../components/feedback';
import { TextField } from '../../components/field';
import { useToast } from '../../components/toast';
import { textKeys } from './text-api';

/**
 * "Notify the customers who asked": write the e-mail, then confirm with the number of customers it goes
 * to (and how many have no address) before anything is sent. Mails go through the outbox; audited.
 */
export function RequestNotify({ topic, topicName }: { topic: string; topicName: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const notify = useToast();
  const queryClient = useQueryClient();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const messageId = useId();
  const [step, setStep] = useState<'compose' | 'confirm'>('compose');
  const [mail, setMail] = useState({ subject: '', message: '' });
  const [isOpen, setIsOpen] = useState(false);
  const askers = useQuery({
    queryKey: textKeys.requestCustomers(topic),
    queryFn: ({ signal }) => ok(client.GET('/text/requests/{topic}/customers', { params: { path: { topic } }, signal })),
    enabled: isOpen,
  });
  const reachable = askers.data?.data.filter((c) => c.email).length ?? 0;
  const unreachable = (askers.data?.data.length ?? 0) - reachable;
  const send = useMutation({
    mutationFn: () => ok(client.POST('/text/requests/{topic}/notify', { params: { path: { topic } }, body: mail })),
    onSuccess: (r) => {
      dialog.current?.close();
      void queryClient.invalidateQueries({ queryKey: ['text', 'requests'] });
      notify(t('feedback.requests.notify.sent', { count: r.notified, formatted: fmt.number(r.notified) }), 'success');
    },
  });
  const open = () => {
    setStep('compose');
    setMail({ subject: t('feedback.requests.notify.defaultSubject', { topic: topicName }), message: '' });
    send.reset();
    setIsOpen(true);
    dialog.current?.showModal();
  };
  const review = (e: FormEvent) => {
    e.preventDefault();
    setStep('confirm');
  };
  return (
    <>
      <button type="button" className="button button-small" onClick={open} aria-label={`${t('feedback.requests.notify.button')}: ${topicName}`}>
        {t('feedback.requests.notify.button')}
      </button>
      <dialog ref={dialog} className="dialog" aria-labelledby={titleId} onClose={() => setIsOpen(false)}>
        <h2 id={titleId}>{t('feedback.requests.notify.title', { topic: topicName })}</h2>
        {step === 'compose' ? (
          <form onSubmit={review}>
            <div className="dialog-body">
              <TextField label={t('feedback.requests.notify.subject')} name="subject" required maxLength={200} value={mail.subject} onChange={(e) => setMail({ ...mail, subject: e.target.value })} />
              <div className="field">
                <label htmlFor={messageId}>{t('feedback.requests.notify.message')}</label>
                <textarea id={messageId} name="message" required maxLength={10_000} rows={6} value={mail.message} onChange={(e) => setMail({ ...mail, message: e.target.value })} />
              </div>
              <p className="muted small">{t('feedback.requests.notify.plainText')}</p>
            </div>
            <div className="dialog-actions">
              <button type="button" className="button" onClick={() => dialog.current?.close()}>{t('common.cancel')}</button>
              <button type="submit" className="button button-primary" disabled={!mail.subject.trim() || !mail.message.trim()}>{t('feedback.requests.notify.review')}</button>
            </div>
          </form>
        ) : (
          <div>
            <div className="dialog-body" role="status">
              {askers.isPending ? <p>{t('feedback.requests.notify.counting')}</p> : (
                <>
                  <p>{t('feedback.requests.notify.confirm', { count: reachable, formatted: fmt.number(reachable), topic: topicName })}</p>
                  {unreachable > 0 && <p className="muted small">{t('feedback.requests.notify.noAddress', { count: unreachable, formatted: fmt.number(unreachable) })}</p>}
                  <p className="fb-mail-preview"><strong>{mail.subject}</strong></p>
                </>
              )}
              <ProblemAlert error={send.error ?? askers.error} />
            </div>
            <div className="dialog-actions">
              <button type="button" className="button" onClick={() => setStep('compose')}>{t('feedback.requests.notify.back')}</button>
              <button type="button" className="button button-primary" disabled={askers.isPending || reachable === 0 || send.isPending} onClick={() => send.mutate()}>
                {t('feedback.requests.notify.send', { count: reachable, formatted: fmt.number(reachable) })}
              </button>
            </div>
          </div>
        )}
      </dialog>
    </>
  );
}
