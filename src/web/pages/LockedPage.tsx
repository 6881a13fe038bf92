import { Button, Loader, Table, Text, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { useApiMutation, useStaffList, useStudents } from '../api/queries.ts';
import type { Me, Staff, Student } from '../api/types.ts';
import { useFeedback } from '../components/feedback.ts';
import { GroupNames } from '../components/GroupsEditor.tsx';
import { lockReasonText, lockText } from '../components/LockStatus.tsx';
import { PageHeader } from '../components/PageHeader.tsx';

/** More than this many locked accounts at once is an incident, not a list to work through; the page says so. */
const LIMIT = 200;

type Row = { kind: 'student'; person: Student } | { kind: 'staff'; person: Staff };

/**
 * "Locked accounts": everyone the viewer may see who is locked now, why and until when, with "Unlock" for each.
 * Teachers see their groups' students; administrators also staff.
 */
export function LockedPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const feedback = useFeedback();
  const students = useStudents({ locked: true, limit: LIMIT });
  const staff = useStaffList({ locked: true, limit: LIMIT }, me.permissions.staff);
  const unlock = useApiMutation(
    (row: Row) => api('POST', `/${row.kind === 'staff' ? 'staff' : 'students'}/${row.person.id}/unlock`),
    ['students', 'staff', 'passwords', 'audit'],
  );
  const rows: Row[] = [
    ...(students.data?.items ?? []).map((person) => ({ kind: 'student' as const, person })),
    ...(staff.data?.items ?? []).map((person) => ({ kind: 'staff' as const, person })),
  ];
  const loading = students.isPending || (me.permissions.staff && staff.isPending);
  const more = !!students.data?.nextCursor || !!staff.data?.nextCursor;

  return (
    <>
      <PageHeader title={t('nav.locked')} />
      <Text mb="md">{t('lock.pageHelp')}</Text>
      {loading && <Loader aria-label={t('common.loading')} />}
      {!loading && rows.length === 0 && <Text c="dimmed">{t('lock.nobody')}</Text>}
      {rows.length > 0 && (
        <Table highlightOnHover aria-label={t('nav.locked')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('fields.name')}</Table.Th>
              <Table.Th>{t('lock.kind')}</Table.Th>
              <Table.Th>{t('tabs.groups')}</Table.Th>
              <Table.Th>{t('lock.reasonHeader')}</Table.Th>
              <Table.Th>{t('lock.untilHeader')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.person.id}>
                <Table.Td>{row.person.displayName}</Table.Td>
                <Table.Td>{row.kind === 'staff' ? t('lock.staff') : t('lock.student')}</Table.Td>
                <Table.Td>
                  <GroupNames ids={row.person.groupIds} />
                </Table.Td>
                <Table.Td>{lockReasonText(t, row.person)}</Table.Td>
                <Table.Td>{lockText(t, i18n.language, row.person)}</Table.Td>
                <Table.Td align="right">
                  <Button
                    size="xs"
                    variant="light"
                    aria-label={`${t('lock.unlock')} ${row.person.displayName}`}
                    loading={unlock.isPending && unlock.variables?.person.id === row.person.id}
                    onClick={() =>
                      unlock.mutate(row, {
                        onSuccess: () => feedback.saved(t('lock.unlocked', { name: row.person.displayName })),
                        onError: feedback.failed,
                      })
                    }
                  >
                    {t('lock.unlock')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {more && <Text c="dimmed">{t('lock.more', { count: LIMIT })}</Text>}
    </>
  );
}
