import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ProblemAlert } from '../../components/feedback';
import { useToast } from '../../components/toast';
import { client, ok } from '../../lib/api';
import { fetchCannedReplies, inboxKeys, localDraftKey, type Conversation, type ReplyFile } from './inbox-api';
import { ReplyFiles } from './reply-files';
import { isTyping } from './shortcuts';
import { ReplySuggestions } from './reply-suggestions';

interface LocalDraft { text: string; at: number }

function readLocal(id: string): LocalDraft | null {
  try {
    const v = JSON.parse(localStorage.getItem(localDraftKey(id)) ?? 'null') as LocalDraft | null;
    return v && typeof v.text === 'string' ? v : null;
  } catch {
    return null;
  }
}

/**
 * The reply box. A draft is never lost: every keystroke is kept in localStorage at once and on the
 * server a second after typing stops (per person and conversation); on opening, the newer of the two
 * comes back. Sending deletes both. Ctrl/⌘+Enter sends; `r` on the page jumps here.
 */
export function ReplyBox({ conversation: c }: { conversation: Conversation }) {
  const { t } = useTranslation();
  const notify = useToast();
  const queryClient = useQueryClient();
  const box = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState('');
  const [internal, setInternal] = useState(false);
  const [files, setFiles] = useState<ReplyFile[]>([]);
  // Sending while a file is still uploading would leave it out of the reply.
  const [uploading, setUploading] = useState(false);
  const [restored, setRestored] = useState(false);
  const [saved, setSaved] = useState<'idle' | 'saving' | 'saved' | 'local'>('idle');
  const draft = useQuery({ queryKey: inboxKeys.draft(c.id), queryFn: ({ signal }) => ok(client.GET('/conversations/{id}/draft', { params: { path: { id: c.id } }, signal })), staleTime: Infinity, retry: false });
  const canned = useQuery({ queryKey: inboxKeys.canned, queryFn: ({ signal }) => fetchCannedReplies(signal) });

  // Restore once: the newer of the server's and this browser's copy.
  useEffect(() => {
    if (restored || (draft.isPending && !draft.isError)) return;
    const local = readLocal(c.id);
    const server = draft.data?.text ? { text: draft.data.text, at: Date.parse(draft.data.updatedAt ?? '') || 0 } : null;
    const best = local && (!server || local.at > server.at) ? local : server;
    if (best?.text) setText(best.text);
    setRestored(true);
  }, [draft.isPending, draft.isError, draft.data, restored, c.id]);

  const onChange = (value: string) => {
    setText(value);
    localStorage.setItem(localDraftKey(c.id), JSON.stringify({ text: value, at: Date.now() }));
    setSaved('saving');
  };
  useEffect(() => {
    if (!restored || saved !== 'saving') return;
    const timer = window.setTimeout(() => {
      client
        .PUT('/conversations/{id}/draft', { params: { path: { id: c.id } }, body: { text } })
        .then((r) => setSaved(r.response.ok ? 'saved' : 'local'))
        .catch(() => setSaved('local'));
    }, 1000);
    return () => window.clearTimeout(timer);
  }, [text, restored, saved, c.id]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'r' || e.altKey || e.ctrlKey || e.metaKey || isTyping(e)) return;
      e.preventDefault();
      box.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const send = useMutation({
    mutationFn: () => ok(client.POST('/conversations/{id}/messages', { params: { path: { id: c.id } }, body: { text, internal, attachmentIds: files.map((f) => f.id) } })),
    onSuccess: () => {
      setText('');
      setFiles([]);
      setSaved('idle');
      localStorage.removeItem(localDraftKey(c.id));
      queryClient.setQueryData(inboxKeys.draft(c.id), { text: '', updatedAt: null });
      void queryClient.invalidateQueries({ queryKey: inboxKeys.messages(c.id) });
      void queryClient.invalidateQueries({ queryKey: inboxKeys.conversation(c.id) });
      notify(internal ? t('inbox.reply.noted') : t('inbox.reply.sent'));
    },
  });
  // Canned replies and suggestions go in at the cursor (replacing a selection), so nothing typed is lost.
  const insertText = (value: string) => {
    const el = box.current;
    const at = el ? el.selectionStart : text.length;
    const end = el ? el.selectionEnd : text.length;
    onChange(text.slice(0, at) + value + text.slice(end));
    el?.focus();
  };
  const insert = useMutation({
    mutationFn: (replyId: string) => ok(client.GET('/conversations/{id}/canned-replies/{replyId}', { params: { path: { id: c.id, replyId } } })),
    onSuccess: (r) => insertText(r.text),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim() && !uploading) send.mutate();
  };
  return (
    <form className="reply-box" onSubmit={submit} aria-label={t('inbox.reply.label')}>
      <fieldset className="reply-mode">
        <legend className="visually-hidden">{t('inbox.reply.mode')}</legend>
        <label><input type="radio" name="mode" checked={!internal} onChange={() => setInternal(false)} /> {t('inbox.reply.reply')}</label>
        <label><input type="radio" name="mode" checked={internal} onChange={() => setInternal(true)} /> {t('inbox.reply.note')}</label>
      </fieldset>
      <label htmlFor="reply-text" className="visually-hidden">{internal ? t('inbox.reply.noteLabel') : t('inbox.reply.textLabel')}</label>
      <textarea
        id="reply-text"
        ref={box}
        className={internal ? 'reply-note' : undefined}
        rows={5}
        value={text}
        placeholder={internal ? t('inbox.reply.notePlaceholder') : t('inbox.reply.placeholder')}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit(e);
        }}
        aria-keyshortcuts="r"
      />
      <ReplyFiles conversationId={c.id} files={files} onChange={setFiles} onBusy={setUploading} />
      <div className="reply-actions">
        <label>
          <span>{t('inbox.reply.canned')}</span>
          <select value="" onChange={(e) => e.target.value && insert.mutate(e.target.value)} disabled={!canned.data?.data.length}>
            <option value="">{canned.data?.data.length ? t('inbox.reply.pickCanned') : t('inbox.reply.noCanned')}</option>
            {canned.data?.data.map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
          </select>
        </label>
        <span className="muted small" role="status">{saved === 'idle' ? '' : t(`inbox.reply.draft.${saved}`)}</span>
        <button type="submit" className="button button-primary" disabled={send.isPending || uploading || !text.trim()}>
          {internal ? t('inbox.reply.addNote') : t('inbox.reply.send')}
        </button>
      </div>
      {!internal && <ReplySuggestions conversationId={c.id} onPick={insertText} />}
      <ProblemAlert error={send.error ?? insert.error} />
    </form>
  );
}
