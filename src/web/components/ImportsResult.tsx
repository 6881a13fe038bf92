import { Alert, Button, Code, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useImportPasswords } from '../api/queries.ts';
import type { ImportPasswordItem, ImportView } from '../api/types.ts';
import { errorMessage } from './feedback.ts';
import { CardsButton, PrintOnly } from './GroupPasswords.tsx';
import { ALERT_STYLES } from './ImportsStatus.tsx';

const RESULT_KINDS = ['locations', 'groups', 'staff', 'students'] as const;

function PasswordTable({ items, caption }: { items: ImportPasswordItem[]; caption: string }) {
  const { t } = useTranslation();
  return (
    <Table striped verticalSpacing="xs" aria-label={caption}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('fields.name')}</Table.Th>
          <Table.Th>{t('fields.username')}</Table.Th>
          <Table.Th>{t('imports.result.groups')}</Table.Th>
          <Table.Th>{t('passwords.temporaryPassword')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((item) => (
          <Table.Tr key={item.id}>
            <Table.Td>{item.name}</Table.Td>
            <Table.Td>{item.username}</Table.Td>
            <Table.Td>{item.groups.join(', ')}</Table.Td>
            <Table.Td>
              {item.temporaryPassword !== null ? (
                <Code fz="md">{item.temporaryPassword}</Code>
              ) : (
                <Text size="sm" c="dimmed">
                  {t('passwords.chosenByStudent')}
                </Text>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/**
 * The new students' password list: fetched only when asked for (every fetch is an audited read), printable on its
 * own, whatever else is on the page.
 */
function ImportPasswords({ importId, total }: { importId: string; total: number }) {
  const { t } = useTranslation();
  const passwords = useImportPasswords(importId, true);
  if (passwords.isPending) return <Loader aria-label={t('common.loading')} />;
  if (passwords.isError) return <Text>{errorMessage(t, passwords.error)}</Text>;
  const caption = t('imports.result.passwordsTitle');
  const shown = passwords.data.items.length;
  return (
    <Stack>
      {shown < total && <Text>{t('imports.result.passwordsCapped', { shown, total })}</Text>}
      <Group>
        <Button variant="default" onClick={() => window.print()}>
          {t('passwords.print')}
        </Button>
      </Group>
      <PasswordTable items={passwords.data.items} caption={caption} />
      <PrintOnly>
        <h1 style={{ fontSize: '16pt' }}>{caption}</h1>
        <PasswordTable items={passwords.data.items} caption={caption} />
      </PrintOnly>
    </Stack>
  );
}

/** How many students an import created: the answer's count, or the length of its id list. */
function newStudentsOf(view: ImportView): number {
  const result = view.result as (ImportView['result'] & { newStudentIds?: string[] }) | null;
  return result?.newStudents ?? result?.newStudentIds?.length ?? result?.created?.students ?? 0;
}

/**
 * What an applied import did (created and updated per kind, memberships ended), with the new students' sign-in
 * cards and password list; or, for a failed import, why it failed.
 */
export function ImportsResult({ view }: { view: ImportView }) {
  const { t } = useTranslation();
  const [showPasswords, setShowPasswords] = useState(false);
  if (view.status === 'failed') {
    const code = view.result?.error ?? 'INTERNAL';
    return (
      <Alert color="red" role="alert" title={t('imports.result.failedTitle')} styles={ALERT_STYLES}>
        {t(`errors.${code}`, { defaultValue: t('errors.INTERNAL') })}
      </Alert>
    );
  }
  const result = view.result;
  if (!result) return null;
  const newStudents = newStudentsOf(view);
  return (
    <Stack>
      <Alert color="green" role="status" title={t('imports.result.appliedTitle')} styles={ALERT_STYLES}>
        {t('imports.result.applied')}
      </Alert>
      <Table striped aria-label={t('imports.result.title')} maw={560}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('imports.preview.kind')}</Table.Th>
            <Table.Th ta="right">{t('imports.result.created')}</Table.Th>
            <Table.Th ta="right">{t('imports.result.updated')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {RESULT_KINDS.map((kind) => (
            <Table.Tr key={kind}>
              <Table.Th scope="row" fw={500}>
                {t(`imports.kinds.${kind}`)}
              </Table.Th>
              <Table.Td ta="right">{result.created?.[kind] ?? 0}</Table.Td>
              <Table.Td ta="right">{result.updated?.[kind] ?? 0}</Table.Td>
            </Table.Tr>
          ))}
          <Table.Tr>
            <Table.Th scope="row" fw={500}>
              {t('imports.kinds.memberships')}
            </Table.Th>
            <Table.Td ta="right">{result.created?.memberships ?? 0}</Table.Td>
            <Table.Td ta="right">
              {t('imports.result.ended', { count: result.removedMemberships ?? 0 })}
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      {newStudents > 0 && (
        <Stack>
          <Title order={3} size="h4">
            {t('imports.result.newStudents', { count: newStudents })}
          </Title>
          <Group>
            <CardsButton href={`/api/v1/imports/${view.id}/cards.pdf`} />
            <Button
              variant={showPasswords ? 'light' : 'default'}
              aria-expanded={showPasswords}
              onClick={() => setShowPasswords((shown) => !shown)}
            >
              {t('imports.result.passwords')}
            </Button>
          </Group>
          {showPasswords && <ImportPasswords importId={view.id} total={newStudents} />}
        </Stack>
      )}
    </Stack>
  );
}
