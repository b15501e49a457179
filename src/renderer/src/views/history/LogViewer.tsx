// An execution's log: the tail first, older chunks on demand ("load older" reads the chunk before the
// first loaded byte), and a search that highlights the matching lines. Follows the tail while running.
import { Button, Input, Space } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LogChunk } from '../../../../shared/contract';
import { useBridge } from '../../api/context';
import { useErrorText } from '../../i18n/core-text';
import { formatBytes } from '../../format/time';
import { useT } from '../../i18n/i18n';

const CHUNK_BYTES = 64 * 1024;

interface LogState {
  text: string;
  start: number;
  end: number;
  size: number;
  matches: Set<number> | null;
}

export function LogViewer({ executionId, live }: { executionId: number; live: boolean }) {
  const t = useT();
  const bridge = useBridge();
  const wireText = useErrorText();
  const [log, setLog] = useState<LogState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [loadingOlder, setLoadingOlder] = useState(false);
  const preRef = useRef<HTMLPreElement>(null);
  const stick = useRef(true);

  const loadTail = useCallback(
    (query: string) =>
      bridge['executions.log']({ id: executionId, maxBytes: CHUNK_BYTES, search: query || undefined }).then(
        (chunk: LogChunk) => {
          setError(null);
          setLog({
            text: chunk.text,
            start: chunk.start,
            end: chunk.end,
            size: chunk.size,
            matches: query ? new Set(chunk.matches ?? []) : null,
          });
        },
        (e) => setError(wireText(e)),
      ),
    [bridge, executionId],
  );

  useEffect(() => {
    const timer = setTimeout(() => void loadTail(search), search ? 250 : 0);
    return () => clearTimeout(timer);
  }, [loadTail, search]);

  // While the run is live, follow the tail (once a second is plenty for a human reader).
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => void loadTail(search), 1000);
    return () => clearInterval(timer);
  }, [live, loadTail, search]);

  useEffect(() => {
    const pre = preRef.current;
    if (pre && stick.current) pre.scrollTop = pre.scrollHeight;
  }, [log?.end]);

  const loadOlder = async () => {
    if (!log || log.start === 0) return;
    setLoadingOlder(true);
    try {
      const chunk = await bridge['executions.log']({
        id: executionId,
        before: log.start,
        maxBytes: CHUNK_BYTES,
      });
      stick.current = false;
      setLog((prev) =>
        prev ? { ...prev, text: chunk.text + prev.text, start: chunk.start, matches: null } : prev,
      );
    } catch (e) {
      setError(wireText(e));
    } finally {
      setLoadingOlder(false);
    }
  };

  const lines = log ? log.text.split('\n') : [];
  if (lines.length && lines[lines.length - 1] === '') lines.pop();

  return (
    <div className="ck-log-viewer" data-testid="log-viewer">
      <Space wrap style={{ marginBottom: 8 }}>
        <Input.Search
          allowClear
          placeholder={t('exec.log.search')}
          aria-label={t('exec.log.search')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          style={{ width: 240 }}
          data-testid="log-search"
        />
        <Button
          size="small"
          onClick={loadOlder}
          loading={loadingOlder}
          disabled={!log || log.start === 0}
          data-testid="log-older"
        >
          {t('exec.log.older')}
        </Button>
        {log && (
          <span className="ck-muted">
            {t('exec.log.size', { shown: formatBytes(log.end - log.start), size: formatBytes(log.size) })}
            {log.matches && ` · ${t('exec.log.matches', { count: log.matches.size })}`}
          </span>
        )}
      </Space>
      {error && <div className="ck-error-text">{error}</div>}
      <pre
        className="ck-log"
        ref={preRef}
        // A region a keyboard user can focus and scroll with the arrow keys, read as "Log of execution #N".
        tabIndex={0}
        role="region"
        aria-label={t('a11y.logRegion', { id: executionId })}
        data-testid="log-text"
        onScroll={(e) => {
          const el = e.currentTarget;
          stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 20;
        }}
      >
        {log && lines.length === 0 && <span className="ck-muted">{t('exec.log.empty')}</span>}
        {lines.map((line, i) =>
          log?.matches?.has(i) ? (
            <mark key={i} className="ck-log-match">
              {line + '\n'}
            </mark>
          ) : (
            line + '\n'
          ),
        )}
      </pre>
    </div>
  );
}
