import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/feedback';
import { Icon } from '../../components/icon';
import { useFormat } from '../../lib/format';
import { useSession } from '../../lib/session';
import { removeReplyFile, uploadReplyFile, type ReplyFile } from './inbox-api';

/**
 * The reply's files: a picker that uploads each chosen file at once (so Send only names them), the list
 * of what will go with the reply, and × to remove one before sending. The server holds every limit
 * (size, count, this conversation only); its problem is shown as it answered.
 */
export function ReplyFiles({ conversationId, files, onChange, onBusy }: { conversationId: string; files: ReplyFile[]; onChange: (next: ReplyFile[]) => void; onBusy: (busy: boolean) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const me = useSession();
  const picker = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState(0);
  const [error, setError] = useState<unknown>(null);

  const pick = async (chosen: FileList | null) => {
    if (!chosen?.length) return;
    setError(null);
    let next = files;
    onBusy(true);
    for (const file of Array.from(chosen)) {
      setUploading((n) => n + 1);
      try {
        const stored = await uploadReplyFile(conversationId, file, me.csrfToken);
        next = [...next, stored];
        onChange(next);
      } catch (err) {
        setError(err);
      } finally {
        setUploading((n) => n - 1);
      }
    }
    onBusy(false);
    if (picker.current) picker.current.value = '';
  };
  const remove = (file: ReplyFile) => {
    onChange(files.filter((x) => x.id !== file.id));
    // The list is what gets sent; a failed delete only leaves the upload for the daily sweep.
    removeReplyFile(conversationId, file.id).catch(() => undefined);
  };

  return (
    <div className="reply-files">
      <label className="button button-small">
        <Icon name="paperclip" size={16} /> {t('inbox.reply.files.attach')}
        <input ref={picker} type="file" multiple className="visually-hidden" onChange={(e) => void pick(e.target.files)} aria-label={t('inbox.reply.files.attach')} />
      </label>
      {uploading > 0 && <span className="muted small" role="status">{t('inbox.reply.files.uploading')}</span>}
      {files.length > 0 && (
        <ul className="reply-file-list small" aria-label={t('inbox.reply.files.list')}>
          {files.map((file) => (
            <li key={file.id}>
              <span>{file.fileName}</span> <span className="muted">({f.number(Math.ceil(file.size / 1024))} kB)</span>
              <button type="button" className="icon-button" onClick={() => remove(file)} aria-label={t('inbox.reply.files.remove', { name: file.fileName })}>
                <Icon name="close" size={14} />
              </button>
            </li>
          ))}
        </ul>
      )}
      <ProblemAlert error={error} />
    </div>
  );
}
