import { Button, Checkbox, Group, Modal, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api/client.ts';
import { useInvalidate } from '../api/queries.ts';
import type { Page } from '../api/types.ts';
import { confirmDelete } from './confirm.tsx';
import { useFeedback } from './feedback.ts';
import { GroupPicker } from './pickers.tsx';

export interface Column<T> {
  key: string;
  header: string;
  cell: (item: T) => ReactNode;
}

/** Keyset paging: a stack of the cursors that led to the current page; it starts over when the filter changes. */
export function useCursorPaging(filterKey: string) {
  const [state, setState] = useState<{ key: string; stack: (string | null)[] }>({
    key: filterKey,
    stack: [null],
  });
  const stack = state.key === filterKey ? state.stack : [null];
  return {
    cursor: stack[stack.length - 1] ?? null,
    page: stack.length,
    next: (cursor: string) => setState({ key: filterKey, stack: [...stack, cursor] }),
    previous: () => setState({ key: filterKey, stack: stack.length > 1 ? stack.slice(0, -1) : stack }),
  };
}

type BulkAction = 'link' | 'unlink';

/** Linking someone already linked, or unlinking someone who is not: they are where the action puts them. */
function alreadyDone(error: unknown): void {
  if (error instanceof ApiError && (error.code === 'ALREADY_MEMBER' || error.code === 'NOT_A_MEMBER')) return;
  throw error;
}

/**
 * A list of people with multi-select and bulk actions (link to group, unlink from group, delete). Bulk actions call
 * the same endpoints as single edits, one person at a time, and report how many succeeded.
 */
export function PeopleTable<T extends { id: string; displayName: string }>({
  kind,
  data,
  columns,
  onOpen,
  openVerb,
  canBulk,
  paging,
  label,
}: {
  kind: 'staff' | 'students';
  data: Page<T> | undefined;
  columns: Column<T>[];
  onOpen: (item: T) => void;
  /** The row button's word: "Wijzigen", or "Bekijken" for someone who may only look. */
  openVerb: string;
  canBulk: boolean;
  paging: ReturnType<typeof useCursorPaging>;
  label: string;
}) {
  const { t } = useTranslation();
  const feedback = useFeedback();
  const invalidate = useInvalidate();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulk, setBulk] = useState<BulkAction | null>(null);
  const [groupId, setGroupId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const items = data?.items ?? [];
  const allSelected = items.length > 0 && items.every((i) => selected.has(i.id));

  function toggle(id: string) {
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  async function runForEach(run: (id: string) => Promise<unknown>, doneKey: 'bulk.done' | 'bulk.deleted') {
    setBusy(true);
    let done = 0;
    let firstError: unknown;
    for (const id of selected) {
      try {
        await run(id);
        done += 1;
      } catch (error) {
        firstError ??= error;
      }
    }
    setBusy(false);
    await invalidate(kind, 'groups', 'members', 'audit');
    if (firstError) feedback.failed(firstError);
    if (done > 0) feedback.saved(t(doneKey, { count: done }));
    setSelected(new Set());
    setBulk(null);
    setGroupId(null);
  }

  async function bulkDelete() {
    if (!(await confirmDelete(t, t('bulk.confirmDelete', { count: selected.size })))) return;
    await runForEach((id) => api('DELETE', `/${kind}/${id}`), 'bulk.deleted');
  }

  return (
    <Stack gap="xs">
      {canBulk && selected.size > 0 && (
        <Group gap="xs" role="toolbar" aria-label={t('bulk.toolbar')}>
          <Text size="sm">{t('bulk.selected', { count: selected.size })}</Text>
          <Button size="xs" variant="light" onClick={() => setBulk('link')}>
            {t('bulk.link')}
          </Button>
          <Button size="xs" variant="light" onClick={() => setBulk('unlink')}>
            {t('bulk.unlink')}
          </Button>
          <Button size="xs" variant="light" color="red" onClick={() => void bulkDelete()} loading={busy}>
            {t('actions.delete')}
          </Button>
        </Group>
      )}
      <Table highlightOnHover aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            {canBulk && (
              <Table.Th w={40}>
                <Checkbox
                  aria-label={t('bulk.selectAll')}
                  checked={allSelected}
                  indeterminate={!allSelected && items.some((i) => selected.has(i.id))}
                  onChange={() => setSelected(allSelected ? new Set() : new Set(items.map((i) => i.id)))}
                />
              </Table.Th>
            )}
            {columns.map((c) => (
              <Table.Th key={c.key}>{c.header}</Table.Th>
            ))}
            <Table.Th>
              <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => (
            <Table.Tr key={item.id}>
              {canBulk && (
                <Table.Td>
                  <Checkbox
                    aria-label={t('bulk.select', { name: item.displayName })}
                    checked={selected.has(item.id)}
                    onChange={() => toggle(item.id)}
                  />
                </Table.Td>
              )}
              {columns.map((c) => (
                <Table.Td key={c.key}>{c.cell(item)}</Table.Td>
              ))}
              <Table.Td align="right">
                <Button
                  size="xs"
                  variant="subtle"
                  onClick={() => onOpen(item)}
                  aria-label={`${openVerb} ${item.displayName}`}
                >
                  {openVerb}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {data && items.length === 0 && <Text c="dimmed">{t('common.nothingFound')}</Text>}
      <Group justify="space-between">
        <Text size="sm" c="dimmed" aria-live="polite">
          {data ? t('paging.status', { page: paging.page, total: data.total }) : '…'}
        </Text>
        <Group gap="xs">
          <Button size="xs" variant="default" disabled={paging.page === 1} onClick={paging.previous}>
            {t('paging.previous')}
          </Button>
          <Button
            size="xs"
            variant="default"
            disabled={!data?.nextCursor}
            onClick={() => data?.nextCursor && paging.next(data.nextCursor)}
          >
            {t('paging.next')}
          </Button>
        </Group>
      </Group>

      <Modal
        opened={bulk !== null}
        onClose={() => setBulk(null)}
        title={bulk === 'link' ? t('bulk.link') : t('bulk.unlink')}
      >
        <Stack>
          <GroupPicker label={t('fields.group')} value={groupId} onChange={setGroupId} data-autofocus />
          <Group justify="flex-end">
            <Button
              disabled={!groupId}
              loading={busy}
              onClick={() =>
                void runForEach(
                  (id) =>
                    (bulk === 'link'
                      ? api('POST', `/groups/${groupId}/members`, { personId: id })
                      : api('DELETE', `/groups/${groupId}/members/${id}`)
                    ).catch(alreadyDone),
                  'bulk.done',
                )
              }
            >
              {bulk === 'link'
                ? t('bulk.linkConfirm', { count: selected.size })
                : t('bulk.unlinkConfirm', { count: selected.size })}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
