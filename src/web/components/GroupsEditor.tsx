import { Button, Checkbox, Group, Stack, Text } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { groupQuery, useGroup } from '../api/queries.ts';
import { GroupPicker } from './pickers.tsx';

/** A group's name; "…" while it loads, and nothing for a group the viewer may not see. */
export function GroupName({ id }: { id: string }) {
  const group = useGroup(id);
  if (group.isError) return null;
  return <>{group.data?.name ?? '…'}</>;
}

/** The names of a person's groups, separated by commas; groups the viewer may not see are left out. */
export function GroupNames({ ids }: { ids: string[] }) {
  const groups = useQueries({ queries: ids.map(groupQuery) });
  return (
    <>
      {groups
        .filter((group) => !group.isError)
        .map((group) => group.data?.name ?? '…')
        .join(', ')}
    </>
  );
}

/**
 * The "Groups" tab: the person's groups as checkboxes (uncheck to unlink) and a picker to add one.
 * A large board has thousands of groups, so they are searched rather than all listed. Render it with
 * `key={groupIds.join()}`: it starts over when the saved groups change, and keeps what is being ticked when
 * only an equal list is refetched.
 */
export function GroupsEditor({
  groupIds,
  onSave,
  saving,
}: {
  groupIds: string[];
  onSave: (ids: string[]) => void;
  saving: boolean;
}) {
  const { t } = useTranslation();
  const [checked, setChecked] = useState<string[]>(groupIds);
  const [shown, setShown] = useState<string[]>(groupIds);
  const [adding, setAdding] = useState<string | null>(null);

  return (
    <Stack>
      {shown.length === 0 && <Text c="dimmed">{t('people.noGroups')}</Text>}
      {shown.map((id) => (
        <Checkbox
          key={id}
          label={<GroupName id={id} />}
          checked={checked.includes(id)}
          onChange={(e) =>
            setChecked((c) => (e.currentTarget.checked ? [...c, id] : c.filter((x) => x !== id)))
          }
        />
      ))}
      <Group align="flex-end">
        <GroupPicker label={t('people.addGroup')} value={adding} onChange={setAdding} style={{ flex: 1 }} />
        <Button
          variant="light"
          disabled={!adding}
          onClick={() => {
            if (adding && !shown.includes(adding)) setShown((s) => [...s, adding]);
            if (adding && !checked.includes(adding)) setChecked((c) => [...c, adding]);
            setAdding(null);
          }}
        >
          {t('actions.add')}
        </Button>
      </Group>
      <Group justify="flex-end">
        <Button loading={saving} onClick={() => onSave(checked)}>
          {t('actions.save')}
        </Button>
      </Group>
    </Stack>
  );
}
