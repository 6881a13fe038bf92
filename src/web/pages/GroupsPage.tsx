import {
  Button,
  Checkbox,
  Drawer,
  Modal,
  Group as Row,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api } from '../api/client.ts';
import {
  useApiMutation,
  useDeleteMutation,
  useGroup,
  useGroups,
  useLocations,
  useMembers,
  useOpenFromList,
} from '../api/queries.ts';
import type { Group, Me, Member, SignInMethod } from '../api/types.ts';
import { confirmDelete } from '../components/confirm.tsx';
import { ExportMenu } from '../components/ExportMenu.tsx';
import { errorMessage, fieldErrors, useFeedback } from '../components/feedback.ts';
import { GroupPasswords } from '../components/GroupPasswords.tsx';
import { GRADES, SIGN_IN_METHODS } from '../components/groupOptions.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { GroupIcon, PictureSelect } from '../components/PicturePicker.tsx';
import { LocationSelect, PersonPicker } from '../components/pickers.tsx';
import { administers, adminLocationIds } from '../components/rights.ts';

interface GroupValues {
  name: string;
  locationId: string | null;
  grade: string | null;
  icon: string | null;
  showOnSignInPage: boolean;
  signInMethod: SignInMethod;
}

/**
 * The editable fields of a group, and nothing else: the API refuses unknown properties, so sending the whole
 * group (id, counts, timestamps) back would fail every edit.
 */
function groupValues(group: Group): GroupValues {
  return {
    name: group.name,
    locationId: group.locationId,
    grade: group.grade,
    icon: group.icon,
    showOnSignInPage: group.showOnSignInPage,
    signInMethod: group.signInMethod,
  };
}

function GroupForm({
  me,
  initial,
  onSubmit,
}: {
  me: Me;
  initial: GroupValues;
  onSubmit: (values: GroupValues) => Promise<void>;
}) {
  const { t } = useTranslation();
  const form = useForm({
    initialValues: initial,
    validate: {
      name: (v) =>
        v.trim() ? (v.length > 100 ? t('validation.max', { count: 100 }) : null) : t('validation.required'),
      locationId: (v) => (v ? null : t('validation.required')),
    },
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(async (values) => {
        try {
          await onSubmit({ ...values, name: values.name.trim() });
          form.resetDirty(values);
        } catch (error) {
          form.setErrors(fieldErrors(t, error));
        }
      })}
    >
      <Stack>
        <TextInput label={t('fields.name')} required data-autofocus {...form.getInputProps('name')} />
        <LocationSelect
          label={t('fields.location')}
          required
          only={me.user.isBoardAdmin ? undefined : adminLocationIds(me)}
          {...form.getInputProps('locationId')}
        />
        <Select
          label={t('fields.grade')}
          data={GRADES.map((g) => ({ value: g, label: t(`grades.${g}`) }))}
          clearable
          {...form.getInputProps('grade')}
        />
        <PictureSelect
          label={t('fields.icon')}
          description={t('groups.iconHelp')}
          clearable
          {...form.getInputProps('icon')}
        />
        <Checkbox
          label={t('fields.showOnSignInPage')}
          {...form.getInputProps('showOnSignInPage', { type: 'checkbox' })}
        />
        <Select
          label={t('fields.signInMethod')}
          data={SIGN_IN_METHODS.map((m) => ({ value: m, label: t(`signInMethods.${m}`) }))}
          allowDeselect={false}
          {...form.getInputProps('signInMethod')}
        />
        <Row justify="flex-end">
          <Button type="submit" loading={form.submitting}>
            {t('actions.save')}
          </Button>
        </Row>
      </Stack>
    </form>
  );
}

function MemberList({
  group,
  kind,
  members,
  canEdit,
}: {
  group: Group;
  kind: 'staff' | 'student';
  members: Member[];
  canEdit: boolean;
}) {
  const { t } = useTranslation();
  const feedback = useFeedback();
  const [personId, setPersonId] = useState<string | null>(null);
  const add = useApiMutation(
    (id: string) => api('POST', `/groups/${group.id}/members`, { personId: id }),
    ['members', 'groups', 'staff', 'students', 'audit'],
  );
  const remove = useApiMutation(
    (id: string) => api('DELETE', `/groups/${group.id}/members/${id}`),
    ['members', 'groups', 'staff', 'students', 'audit'],
  );
  return (
    <Stack>
      {canEdit && (
        <Row align="flex-end">
          <PersonPicker
            kind={kind}
            label={kind === 'staff' ? t('groups.linkStaff') : t('groups.linkStudent')}
            value={personId}
            onChange={setPersonId}
            style={{ flex: 1 }}
          />
          <Button
            disabled={!personId}
            loading={add.isPending}
            onClick={() =>
              personId &&
              add.mutate(personId, {
                onSuccess: () => {
                  feedback.saved();
                  setPersonId(null);
                },
                onError: feedback.failed,
              })
            }
          >
            {t('actions.add')}
          </Button>
        </Row>
      )}
      <Table>
        <Table.Tbody>
          {members.map((m) => (
            <Table.Tr key={m.personId}>
              <Table.Td>{m.displayName}</Table.Td>
              {canEdit && (
                <Table.Td align="right">
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red"
                    aria-label={`${t('actions.unlink')} ${m.displayName}`}
                    onClick={() =>
                      remove.mutate(m.personId, {
                        onSuccess: () => feedback.saved(),
                        onError: feedback.failed,
                      })
                    }
                  >
                    {t('actions.unlink')}
                  </Button>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {members.length === 0 && <Text c="dimmed">{t('common.none')}</Text>}
    </Stack>
  );
}

function GroupPanel({ me, group, onShowPasswords }: { me: Me; group: Group; onShowPasswords: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const feedback = useFeedback();
  const canEdit = administers(me, group.locationId);
  const members = useMembers(group.id);
  const update = useApiMutation(
    (values: GroupValues) => api<Group>('PATCH', `/groups/${group.id}`, values),
    ['groups', 'students', 'audit'],
  );
  const remove = useDeleteMutation(
    `/groups/${group.id}`,
    ['groups', 'members', 'staff', 'students', 'audit'],
    {
      onDeleted: () => {
        feedback.saved(t('groups.deleted'));
        navigate('/groups');
      },
      onError: feedback.failed,
    },
  );

  async function onDelete() {
    if (!(await confirmDelete(t, t('groups.confirmDelete', { name: group.name })))) return;
    remove.mutate();
  }

  return (
    <>
      {/* Everyone who may open the group (its teachers, administrators) may read its passwords. */}
      <Row mb="md">
        <Button variant="light" onClick={onShowPasswords}>
          {t('passwords.show')}
        </Button>
        <ExportMenu path={`/groups/${group.id}/export`} />
      </Row>
      <Tabs defaultValue={canEdit ? 'general' : 'students'} keepMounted={false}>
        <Tabs.List>
          {canEdit && <Tabs.Tab value="general">{t('tabs.general')}</Tabs.Tab>}
          <Tabs.Tab value="staff">
            {t('nav.staff')} ({members.data?.staff.length ?? 0})
          </Tabs.Tab>
          <Tabs.Tab value="students">
            {t('nav.students')} ({members.data?.students.length ?? 0})
          </Tabs.Tab>
        </Tabs.List>
        {canEdit && (
          <Tabs.Panel value="general" pt="md">
            <GroupForm
              me={me}
              initial={groupValues(group)}
              onSubmit={async (values) => {
                try {
                  await update.mutateAsync(values);
                  feedback.saved();
                } catch (error) {
                  feedback.failed(error);
                  throw error;
                }
              }}
            />
            <Row mt="xl">
              <Button
                color="red"
                variant="outline"
                onClick={() => void onDelete()}
                loading={remove.isPending}
              >
                {t('actions.delete')}
              </Button>
            </Row>
          </Tabs.Panel>
        )}
        <Tabs.Panel value="staff" pt="md">
          <MemberList group={group} kind="staff" members={members.data?.staff ?? []} canEdit={canEdit} />
        </Tabs.Panel>
        <Tabs.Panel value="students" pt="md">
          <MemberList group={group} kind="student" members={members.data?.students ?? []} canEdit={canEdit} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

export function GroupsPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const feedback = useFeedback();
  const [location, setLocation] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [adding, setAdding] = useState(false);
  // The group whose passwords are open; by id, so another group never opens with them showing.
  const [passwordsOf, setPasswordsOf] = useState<string | null>(null);
  const groups = useGroups({ location, q: q || undefined });
  const locations = useLocations();
  const locationName = (locationId: string) =>
    locations.data?.items.find((l) => l.id === locationId)?.name ?? '';
  const create = useApiMutation(
    (values: GroupValues) => api<Group>('POST', '/groups', values),
    ['groups', 'audit'],
  );
  const openFromList = useOpenFromList();
  const one = useGroup(id);
  const selected = one.data?.id === id ? one.data : null;
  const showingPasswords = !!selected && passwordsOf === selected.id;
  const canAdd = me.user.isBoardAdmin || adminLocationIds(me).length > 0;

  return (
    <>
      <PageHeader title={t('nav.groups')}>
        <TextInput
          type="search"
          label={t('common.search')}
          placeholder={t('groups.searchPlaceholder')}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
        />
        <LocationSelect
          label={t('fields.location')}
          placeholder={t('common.allLocations')}
          clearable
          value={location}
          onChange={setLocation}
        />
        {canAdd && <Button onClick={() => setAdding(true)}>{t('actions.add')}</Button>}
      </PageHeader>
      <Table highlightOnHover aria-label={t('nav.groups')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('fields.name')}</Table.Th>
            <Table.Th>{t('fields.location')}</Table.Th>
            <Table.Th>{t('fields.grade')}</Table.Th>
            <Table.Th>{t('nav.staff')}</Table.Th>
            <Table.Th>{t('nav.students')}</Table.Th>
            <Table.Th>
              <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(groups.data?.items ?? []).map((group) => {
            const verb = administers(me, group.locationId) ? t('actions.edit') : t('actions.open');
            return (
              <Table.Tr key={group.id}>
                <Table.Td>
                  <Row gap="xs" wrap="nowrap">
                    {group.icon && <GroupIcon id={group.icon} />}
                    {group.name}
                  </Row>
                </Table.Td>
                <Table.Td>{locationName(group.locationId)}</Table.Td>
                <Table.Td>{group.grade ? t(`grades.${group.grade}`) : ''}</Table.Td>
                <Table.Td>{group.staffCount}</Table.Td>
                <Table.Td>{group.studentCount}</Table.Td>
                <Table.Td align="right">
                  <Button
                    size="xs"
                    variant="subtle"
                    onClick={() => {
                      openFromList('groups', group);
                      navigate(`/groups/${group.id}`);
                    }}
                    aria-label={`${verb} ${group.name}`}
                  >
                    {verb}
                  </Button>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {groups.data?.items.length === 0 && (
        <Text c="dimmed">{q || location ? t('common.nothingFound') : t('groups.empty')}</Text>
      )}
      {groups.data?.nextCursor && <Text c="dimmed">{t('groups.more', { total: groups.data.total })}</Text>}

      <Modal opened={adding} onClose={() => setAdding(false)} title={t('groups.add')}>
        <GroupForm
          me={me}
          initial={{
            name: '',
            locationId: location,
            grade: null,
            icon: null,
            showOnSignInPage: true,
            signInMethod: 'password',
          }}
          onSubmit={async (values) => {
            try {
              await create.mutateAsync(values);
              feedback.saved();
              setAdding(false);
            } catch (error) {
              feedback.failed(error);
              throw error;
            }
          }}
        />
      </Modal>

      <Drawer
        opened={!!id}
        onClose={() => navigate('/groups')}
        // Both listen for Escape: with the passwords open on top, Escape closes only them.
        closeOnEscape={!showingPasswords}
        position="right"
        size="lg"
        title={selected?.name}
      >
        {selected && (
          <GroupPanel
            key={selected.id}
            me={me}
            group={selected}
            onShowPasswords={() => setPasswordsOf(selected.id)}
          />
        )}
        {!selected && one.isError && <Text>{errorMessage(t, one.error)}</Text>}
      </Drawer>

      {/* Next to the drawer, not in it: the overview is wide, and is printed on its own. */}
      <Modal
        opened={showingPasswords}
        onClose={() => setPasswordsOf(null)}
        title={selected ? t('passwords.title', { name: selected.name }) : ''}
        size="70rem"
      >
        {selected && <GroupPasswords group={selected} />}
      </Modal>
    </>
  );
}
