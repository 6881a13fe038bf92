import { Alert, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { useApiMutation, useLocations } from '../api/queries.ts';
import type { ImportPreview, ImportView } from '../api/types.ts';
import { useFeedback } from './feedback.ts';
import { ALERT_STYLES, hasChanges, IMPORT_KINDS } from './ImportsStatus.tsx';

const PAGE_SIZE = 50;
const CHANGED_KINDS = ['locations', 'groups', 'staff', 'students'] as const;

/**
 * A long list shown a page at a time (the preview's lists hold up to 1,000 lines), with plain previous/next
 * buttons and where in the list the page is.
 */
function Paged<Item>({
  items,
  label,
  render,
}: {
  items: Item[];
  label: string;
  render: (page: Item[]) => ReactNode;
}) {
  const { t } = useTranslation();
  const [start, setStart] = useState(0);
  const end = Math.min(items.length, start + PAGE_SIZE);
  return (
    <Stack gap="xs">
      {render(items.slice(start, end))}
      {items.length > PAGE_SIZE && (
        <Group gap="sm" role="group" aria-label={label}>
          <Button
            variant="default"
            size="xs"
            disabled={start === 0}
            onClick={() => setStart(start - PAGE_SIZE)}
          >
            {t('paging.previous')}
          </Button>
          <Text size="sm">
            {t('imports.preview.lines', { from: start + 1, to: end, total: items.length })}
          </Text>
          <Button
            variant="default"
            size="xs"
            disabled={end >= items.length}
            onClick={() => setStart(start + PAGE_SIZE)}
          >
            {t('paging.next')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** A field name from the file or the server ("firstName") in the console's words. */
function useFieldName() {
  const { t } = useTranslation();
  return (field: string) => t(`imports.fields.${field}`, { defaultValue: field });
}

/**
 * A rejected row's reason in the console's language: the text of its code (`importReasons.<code>`), with the kind
 * param as i18next context, because the sentence changes with the word ("de leerling", "hetzelfde e-mailadres").
 * The server's English reason when this console has no text for the code, or the preview was stored before
 * rejections had codes.
 */
function useRejectionReason() {
  const { t, i18n } = useTranslation();
  return (rejection: ImportPreview['rejected'][number]) => {
    const kind = rejection.params?.kind;
    const options = { ...rejection.params, context: kind === undefined ? undefined : String(kind) };
    if (!rejection.code || !i18n.exists(`importReasons.${rejection.code}`, options)) return rejection.reason;
    return t(`importReasons.${rejection.code}`, options);
  };
}

/**
 * What an import would do, before anything is written: per kind the rows that are new, changed, unchanged and
 * rejected; the changes field by field; the rejected rows with their reasons. When nothing would change it says so
 * in a sentence, the answer an administrator needs after importing the same file a second time.
 */
export function ImportsPreview({ preview }: { preview: ImportPreview }) {
  const { t } = useTranslation();
  const fieldName = useFieldName();
  const reasonText = useRejectionReason();
  const locations = useLocations();
  // Numbered once: two lines may be alike (the same name twice in a file), the number keeps them apart.
  const lines = preview.changes
    .flatMap((item) => item.changes.map((change) => ({ kind: item.kind, name: item.name, ...change })))
    .map((line, n) => ({ ...line, n }));
  const rejected = preview.rejected.map((r, n) => ({ ...r, n }));
  const withFile = rejected.some((r) => r.file);
  // The lists are capped (1,000 items); the counts are not.
  const rejectedTotal = IMPORT_KINDS.reduce((sum, kind) => sum + preview[kind].rejected, 0);
  const changedTotal = CHANGED_KINDS.reduce((sum, kind) => sum + preview[kind].changed, 0);
  // A group's location changes from one location id to another, or to one the import creates ("new:<key>").
  const shown = (field: string, value: string | null) => {
    if (value === null || value === '') {
      return (
        <Text span c="dimmed" size="sm">
          {t('imports.preview.empty')}
        </Text>
      );
    }
    if (field !== 'location') return value;
    if (value.startsWith('new:')) return t('imports.preview.newLocation', { key: value.slice(4) });
    return locations.data?.items.find((l) => l.id === value)?.name ?? value;
  };

  return (
    <Stack>
      {!hasChanges(preview) && (
        <Alert color="green" role="status" title={t('imports.preview.nothingTitle')} styles={ALERT_STYLES}>
          {t('imports.preview.nothing')}
        </Alert>
      )}
      <Table striped aria-label={t('imports.preview.countsTitle')} maw={720}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('imports.preview.kind')}</Table.Th>
            <Table.Th ta="right">{t('imports.counts.new')}</Table.Th>
            <Table.Th ta="right">{t('imports.counts.changed')}</Table.Th>
            <Table.Th ta="right">{t('imports.counts.unchanged')}</Table.Th>
            <Table.Th ta="right">{t('imports.counts.rejected')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {IMPORT_KINDS.map((kind) => (
            <Table.Tr key={kind}>
              <Table.Th scope="row" fw={500}>
                {t(`imports.kinds.${kind}`)}
              </Table.Th>
              <Table.Td ta="right">{preview[kind].new}</Table.Td>
              <Table.Td ta="right">{preview[kind].changed}</Table.Td>
              <Table.Td ta="right">{preview[kind].unchanged}</Table.Td>
              <Table.Td ta="right">{preview[kind].rejected}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="sm" c="dimmed">
        {t('imports.preview.membershipsNote')}
      </Text>

      <Title order={3} size="h4">
        {t('imports.preview.changesTitle', { count: lines.length })}
      </Title>
      {changedTotal > preview.changes.length && (
        <Text size="sm">
          {t('imports.preview.capped', { shown: preview.changes.length, total: changedTotal })}
        </Text>
      )}
      {lines.length === 0 ? (
        <Text c="dimmed">{t('imports.preview.noChanges')}</Text>
      ) : (
        <Paged
          items={lines}
          label={t('imports.preview.changesTitle', { count: lines.length })}
          render={(page) => (
            <Table striped aria-label={t('imports.preview.changesTitle', { count: lines.length })}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('imports.preview.kind')}</Table.Th>
                  <Table.Th>{t('fields.name')}</Table.Th>
                  <Table.Th>{t('imports.preview.field')}</Table.Th>
                  <Table.Th>{t('imports.preview.from')}</Table.Th>
                  <Table.Th>{t('imports.preview.to')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {page.map((line) => (
                  <Table.Tr key={line.n}>
                    <Table.Td>{t(`imports.kinds.${line.kind}`)}</Table.Td>
                    <Table.Td>{line.name}</Table.Td>
                    <Table.Td>{fieldName(line.field)}</Table.Td>
                    <Table.Td>{shown(line.field, line.from)}</Table.Td>
                    <Table.Td>{shown(line.field, line.to)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        />
      )}

      <Title order={3} size="h4">
        {t('imports.preview.rejectedTitle', { count: rejectedTotal })}
      </Title>
      {rejectedTotal > rejected.length && (
        <Text size="sm">{t('imports.preview.capped', { shown: rejected.length, total: rejectedTotal })}</Text>
      )}
      {preview.rejected.length === 0 ? (
        <Text c="dimmed">{t('imports.preview.noneRejected')}</Text>
      ) : (
        <Paged
          items={rejected}
          label={t('imports.preview.rejectedTitle', { count: rejectedTotal })}
          render={(page) => (
            <Table striped aria-label={t('imports.preview.rejectedTitle', { count: rejectedTotal })}>
              <Table.Thead>
                <Table.Tr>
                  {withFile && <Table.Th>{t('imports.preview.file')}</Table.Th>}
                  <Table.Th>{t('imports.preview.row')}</Table.Th>
                  <Table.Th>{t('imports.preview.kind')}</Table.Th>
                  <Table.Th>{t('imports.preview.field')}</Table.Th>
                  <Table.Th>{t('imports.preview.reason')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {page.map((r) => (
                  <Table.Tr key={r.n}>
                    {withFile && <Table.Td>{r.file ?? ''}</Table.Td>}
                    <Table.Td>{r.row}</Table.Td>
                    <Table.Td>{t(`imports.kinds.${r.kind}`)}</Table.Td>
                    <Table.Td>{fieldName(r.field)}</Table.Td>
                    <Table.Td>{reasonText(r)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        />
      )}
    </Stack>
  );
}

/**
 * The preview's two answers: discard it (nothing was written) or apply it as a background job. Applying is offered
 * only when something would change.
 */
export function ImportsPreviewActions({
  view,
  onDiscarded,
  onApplied,
}: {
  view: ImportView;
  onDiscarded: () => void;
  onApplied: (view: ImportView) => void;
}) {
  const { t } = useTranslation();
  const feedback = useFeedback();
  const client = useQueryClient();
  const discard = useApiMutation(() => api('DELETE', `/imports/${view.id}`), ['imports']);
  const apply = useApiMutation(() => api<ImportView>('POST', `/imports/${view.id}/apply`), ['imports']);
  const nothing = !hasChanges(view.preview);
  return (
    <Group>
      <Button
        variant="default"
        loading={discard.isPending}
        disabled={apply.isPending}
        onClick={() => discard.mutate(undefined, { onSuccess: onDiscarded, onError: feedback.failed })}
      >
        {t('actions.cancel')}
      </Button>
      <Button
        disabled={nothing || discard.isPending}
        loading={apply.isPending}
        onClick={() =>
          apply.mutate(undefined, {
            onSuccess: (started) => {
              // The answer says "queued": the page starts following the job at once.
              client.setQueryData(['imports', 'one', started.id], started);
              onApplied(started);
            },
            onError: feedback.failed,
          })
        }
      >
        {t('imports.apply')}
      </Button>
    </Group>
  );
}
