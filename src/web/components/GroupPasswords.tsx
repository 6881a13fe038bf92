import './credentials.css';
import { Badge, Button, Code, Group, Loader, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { useApiMutation, useGroupPasswords } from '../api/queries.ts';
import type { GroupPasswordItem, Group as GroupType } from '../api/types.ts';
import { errorMessage, useFeedback } from './feedback.ts';
import { PictureSequence } from './PicturePicker.tsx';

/**
 * A printable copy, placed straight under <body>: while it is on the page, printing shows only this copy (see
 * credentials.css), whatever drawers and dialogs are open; on screen it is never shown.
 */
export function PrintOnly({ children }: { children: ReactNode }) {
  return createPortal(<div className="print-only">{children}</div>, document.body);
}

function PasswordsTable({
  items,
  caption,
  status,
}: {
  items: GroupPasswordItem[];
  caption: string;
  /** The lock column (on screen only). */
  status?: (item: GroupPasswordItem) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Table striped verticalSpacing="xs" aria-label={caption}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('fields.name')}</Table.Th>
          <Table.Th>{t('fields.username')}</Table.Th>
          <Table.Th>{t('fields.signInMethod')}</Table.Th>
          <Table.Th>{t('passwords.temporaryPassword')}</Table.Th>
          <Table.Th>{t('passwords.pictures')}</Table.Th>
          {status && <Table.Th>{t('lock.status')}</Table.Th>}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((item) => (
          <Table.Tr key={item.personId}>
            <Table.Td>{item.displayName}</Table.Td>
            <Table.Td>{item.username}</Table.Td>
            <Table.Td>{t(`passwords.method.${item.signInMethod}`)}</Table.Td>
            <Table.Td>
              {item.temporaryPassword !== null ? (
                <Code fz="md">{item.temporaryPassword}</Code>
              ) : (
                <Text size="sm" c="dimmed">
                  {t('passwords.chosenByStudent')}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              {item.pictureSequence ? (
                <PictureSequence sequence={item.pictureSequence} size={32} />
              ) : (
                <Text size="sm" c="dimmed">
                  {t('passwords.noPictures')}
                </Text>
              )}
            </Table.Td>
            {status && <Table.Td>{status(item)}</Table.Td>}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/**
 * "Show passwords" for a group: every student's temporary password (or that they chose their own), picture
 * password and lock, with unlock per student or for all, printing, and the QR sign-in cards. Opening it is one
 * audited read on the server.
 */
export function GroupPasswords({ group }: { group: GroupType }) {
  const { t } = useTranslation();
  const feedback = useFeedback();
  const passwords = useGroupPasswords(group.id, true);
  const roots = ['passwords', 'students', 'audit'] as const;
  const unlockAll = useApiMutation(
    () => api<{ unlocked: number }>('POST', `/groups/${group.id}/unlock`),
    [...roots],
  );
  const unlockOne = useApiMutation((id: string) => api('POST', `/students/${id}/unlock`), [...roots]);

  if (passwords.isPending) return <Loader aria-label={t('common.loading')} />;
  if (passwords.isError) return <Text>{errorMessage(t, passwords.error)}</Text>;
  const items = passwords.data.items;
  const lockedCount = items.filter((i) => i.locked).length;
  const caption = t('passwords.title', { name: group.name });

  return (
    <Stack>
      <Group>
        <Button
          variant="default"
          disabled={lockedCount === 0}
          loading={unlockAll.isPending}
          onClick={() =>
            unlockAll.mutate(undefined, {
              onSuccess: ({ unlocked }) => feedback.saved(t('passwords.unlockedCount', { count: unlocked })),
              onError: feedback.failed,
            })
          }
        >
          {t('passwords.unlockAll', { count: lockedCount })}
        </Button>
        <Button variant="default" onClick={() => window.print()}>
          {t('passwords.print')}
        </Button>
        <CardsButton href={`/api/v1/groups/${group.id}/cards.pdf`} />
      </Group>
      {items.length === 0 ? (
        <Text c="dimmed">{t('passwords.noStudents')}</Text>
      ) : (
        <PasswordsTable
          items={items}
          caption={caption}
          status={(item) =>
            item.locked ? (
              <Group gap="xs" wrap="nowrap">
                <Badge color="red" variant="light">
                  {t('lock.locked')}
                </Badge>
                <Button
                  size="xs"
                  variant="subtle"
                  aria-label={`${t('lock.unlock')} ${item.displayName}`}
                  loading={unlockOne.isPending && unlockOne.variables === item.personId}
                  onClick={() =>
                    unlockOne.mutate(item.personId, {
                      onSuccess: () => feedback.saved(t('lock.unlocked', { name: item.displayName })),
                      onError: feedback.failed,
                    })
                  }
                >
                  {t('lock.unlock')}
                </Button>
              </Group>
            ) : (
              <Text size="sm" c="dimmed">
                {t('lock.notLocked')}
              </Text>
            )
          }
        />
      )}
      <PrintOnly>
        <h1 style={{ fontSize: '16pt' }}>{caption}</h1>
        <PasswordsTable items={items} caption={caption} />
      </PrintOnly>
    </Stack>
  );
}

/** "Inlogkaarten (PDF)": the sign-in cards at `href`, opened in a new tab. */
export function CardsButton({ href }: { href: string }) {
  const { t } = useTranslation();
  return (
    <Button variant="default" component="a" href={href} target="_blank" rel="noopener">
      {t('passwords.cards')}
      <VisuallyHidden> ({t('common.opensInNewTab')})</VisuallyHidden>
    </Button>
  );
}
