import { Alert, Group, Loader, Stack, Text } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { importInProgress, useImport, useInvalidate } from '../api/queries.ts';
import { errorMessage } from '../components/feedback.ts';
import { ImportsPreview, ImportsPreviewActions } from '../components/ImportsPreview.tsx';
import { ImportsResult } from '../components/ImportsResult.tsx';
import { ImportProgress, ImportStatusBadge } from '../components/ImportsStatus.tsx';
import { PageHeader } from '../components/PageHeader.tsx';

/**
 * One import: its preview (to apply or discard), the progress of its job, or what it did. The state lives on the
 * server, so closing the tab and coming back shows where the job is.
 */
export function ImportsDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const invalidate = useInvalidate();
  const one = useImport(id);
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
            <Text>{t('imports.running')}</Text>
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
