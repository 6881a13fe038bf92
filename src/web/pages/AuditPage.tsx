import { Button, Code, Group, Select, Table, Text, TextInput } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAudit } from '../api/queries.ts';
import type { AuditEvent, Me } from '../api/types.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { PersonPicker } from '../components/pickers.tsx';

const ACTIONS = [
  'board.create',
  'board.demo',
  'board.update',
  'location.create',
  'location.update',
  'location.delete',
  'group.create',
  'group.update',
  'group.delete',
  'group.members.add',
  'group.members.remove',
  'group.cards.print',
  'group.cards.renew',
  'staff.create',
  'staff.update',
  'staff.delete',
  'student.create',
  'student.update',
  'student.delete',
  'profile.update',
  'profile.password',
  'profile.activate',
];

/**
 * A short label for what an event was about: the name in its before/after state where there is one, else the
 * kind of thing ("Groep") — an id means nothing to the reader.
 */
function subjectOf(event: AuditEvent, t: TFunction): string {
  const state = (event.after ?? event.before) as { displayName?: string; name?: string } | null;
  return state?.displayName ?? state?.name ?? t(`auditTargets.${event.targetType}`, { defaultValue: '—' });
}

/** "2026-12-04" (a date input) → the start of that day, local time, as an ISO instant. */
function dayStart(date: string, plusDays = 0): string | null {
  if (!date) return null;
  const day = new Date(`${date}T00:00:00`);
  day.setDate(day.getDate() + plusDays);
  return day.toISOString();
}

export function AuditPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const [actor, setActor] = useState<string | null>(null);
  const [action, setAction] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const filterKey = `${actor}|${action}|${from}|${to}`;
  const [key, setKey] = useState(filterKey);
  if (key !== filterKey) {
    setKey(filterKey);
    setCursors([null]);
  }
  const audit = useAudit({
    actor,
    action,
    from: dayStart(from),
    to: dayStart(to, 1),
    cursor: cursors[cursors.length - 1] ?? null,
  });
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'medium' });

  return (
    <>
      <PageHeader title={t('nav.audit')} />
      <Group mb="md" align="flex-end">
        {me.permissions.staff && (
          <PersonPicker
            kind="staff"
            label={t('audit.who')}
            placeholder={t('audit.anyone')}
            clearable
            value={actor}
            onChange={setActor}
          />
        )}
        <Select
          label={t('audit.what')}
          placeholder={t('audit.anything')}
          clearable
          searchable
          data={ACTIONS.map((a) => ({ value: a, label: t(`auditActions.${a}`) }))}
          value={action}
          onChange={setAction}
        />
        <TextInput
          label={t('audit.from')}
          type="date"
          value={from}
          onChange={(e) => setFrom(e.currentTarget.value)}
        />
        <TextInput
          label={t('audit.to')}
          type="date"
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
        />
      </Group>
      <Table striped aria-label={t('nav.audit')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('audit.when')}</Table.Th>
            <Table.Th>{t('audit.who')}</Table.Th>
            <Table.Th>{t('audit.what')}</Table.Th>
            <Table.Th>{t('audit.subject')}</Table.Th>
            <Table.Th>{t('audit.source')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(audit.data?.items ?? []).map((event) => (
            <Table.Tr key={event.id}>
              <Table.Td>{format.format(new Date(event.createdAt))}</Table.Td>
              <Table.Td>
                {event.actorName ?? (event.actorId ? t('audit.deletedPerson') : t('audit.system'))}
              </Table.Td>
              <Table.Td>{t(`auditActions.${event.action}`, { defaultValue: event.action })}</Table.Td>
              <Table.Td>{subjectOf(event, t)}</Table.Td>
              <Table.Td>
                <Code>{event.sourceIp ?? '—'}</Code>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {audit.data?.items.length === 0 && <Text c="dimmed">{t('common.nothingFound')}</Text>}
      <Group justify="space-between" mt="sm">
        <Text size="sm" c="dimmed" aria-live="polite">
          {audit.data ? t('paging.status', { page: cursors.length, total: audit.data.total }) : '…'}
        </Text>
        <Group gap="xs">
          <Button
            size="xs"
            variant="default"
            disabled={cursors.length === 1}
            onClick={() => setCursors((c) => c.slice(0, -1))}
          >
            {t('paging.previous')}
          </Button>
          <Button
            size="xs"
            variant="default"
            disabled={!audit.data?.nextCursor}
            onClick={() =>
              audit.data?.nextCursor && setCursors((c) => [...c, audit.data?.nextCursor ?? null])
            }
          >
            {t('paging.next')}
          </Button>
        </Group>
      </Group>
    </>
  );
}
