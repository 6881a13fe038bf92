import { Alert, Group, Loader, Stack, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { importInProgress, useImport, useInvalidate } from '../api/queries.ts';
import type { ImportView } from '../api/types.ts';
import { errorMessage } from '../components/feedback.ts';
import { ImportsPreview, ImportsPreviewActions } from '../components/ImportsPreview.tsx';
import { ImportsResult } from '../components/ImportsResult.tsx';
import { ALERT_STYLES, ImportProgress, ImportStatusBadge } from '../components/ImportsStatus.tsx';
import { PageHeader } from '../components/PageHeader.tsx';

/**
 * A job is followed closely at first (the bar moves), then at a calmer pace: a long import need not cost two
 * requests a second.
 */
const FAST_POLL_MS = 500;
const FAST_FOR_MS = 30_000;
const SLOW_POLL_MS = 3_000;
/** A job that has not moved for this long will not move by itself any more: the page stops asking. */
const STALLED_AFTER_MS = 2 * 60 * 60 * 1000;

/** Queued or running, and unchanged on the server for more than two hours. */
function stalled(view: ImportView): boolean {
  return importInProgress(view.status) && Date.now() - Date.parse(view.updatedAt) > STALLED_AFTER_MS;
}

/**
 * One import: its preview (to apply or discard), the progress of its job, or what it did. The state lives on the
 * server, so closing the tab and coming back shows where the job is.
 */
export function ImportsDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const invalidate = useInvalidate();
  // When the page started following this import: the first 30 seconds are polled twice a second.
  const since = useRef(Date.now());
  // biome-ignore lint/correctness/useExhaustiveDependencies: another import is followed from its own start
  useEffect(() => {
    since.current = Date.now();
  }, [id]);
  const one = useImport(id, (view) => {
    if (!importInProgress(view.status) || stalled(view)) return false;
    return Date.now() - since.current < FAST_FOR_MS ? FAST_POLL_MS : SLOW_POLL_MS;
  });
  const status = one.data?.status;

  // When the job ends, the lists it changed are refreshed (and the history shows the new status).
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a change of status should refresh the lists
  useEffect(() => {
    if (status === 'applied' || status === 'failed') {
      void invalidate('imports', 'locations', 'groups', 'members', 'staff', 'students', 'audit');
    }
  }, [status]);

  if (one.isPending) return <Loader aria-label={t('common.loading')} />;
  if (one.isError) return <Text>{errorMessage(t, one.error)}</Text>;
  const view = one.data;

  return (
    <>
      <PageHeader title={t('imports.detailTitle', { name: view.fileName })} />
      <Stack>
        <Group gap="sm">
          <ImportStatusBadge status={view.status} />
          <Text size="sm" c="dimmed">
            {t(`imports.formats.${view.format}`, { defaultValue: view.format })}
          </Text>
        </Group>
        {view.status === 'preview' && (
          <>
            <ImportsPreview preview={view.preview} />
            <ImportsPreviewActions
              view={view}
              onDiscarded={() => navigate('/imports')}
              onApplied={() => undefined}
            />
          </>
        )}
        {importInProgress(view.status) && (
          <Stack maw={560}>
            {stalled(view) ? (
              <Alert color="orange" role="alert" title={t('imports.stalledTitle')} styles={ALERT_STYLES}>
                {t('imports.stalled')}
              </Alert>
            ) : (
              <Text>{t('imports.running')}</Text>
            )}
            <ImportProgress progress={view.progress} />
          </Stack>
        )}
        {(view.status === 'applied' || view.status === 'failed') && <ImportsResult view={view} />}
        {view.status === 'discarded' && (
          <Alert color="gray" role="status">
            {t('imports.discarded')}
          </Alert>
        )}
      </Stack>
    </>
  );
}
