import {
  Alert,
  Button,
  Checkbox,
  Drawer,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
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
  useLocations,
  useOpenFromList,
  useStaffList,
  useStaffMember,
} from '../api/queries.ts';
import type { Level, Me, Staff } from '../api/types.ts';
import { confirmDelete } from '../components/confirm.tsx';
import { ExportMenu } from '../components/ExportMenu.tsx';
import { fieldErrors, useFeedback } from '../components/feedback.ts';
import { GroupsEditor } from '../components/GroupsEditor.tsx';
import { NameFields, nameValidation, trimmedNames } from '../components/NameFields.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { PasswordField } from '../components/PasswordField.tsx';
import { PeopleTable, useCursorPaging } from '../components/PeopleTable.tsx';
import { LocationSelect } from '../components/pickers.tsx';
import { administers, adminLocationIds } from '../components/rights.ts';
import { StaffCredentials } from '../components/StaffCredentials.tsx';
import { StaffMfaReset } from '../components/StaffMfaReset.tsx';

const LEVELS: Level[] = ['read', 'files', 'folders', 'admin'];
const ROOTS = ['staff', 'members', 'groups', 'locations', 'audit'] as const;

function GeneralTab({ staff }: { staff: Staff }) {
  const { t } = useTranslation();
  const feedback = useFeedback();
  const form = useForm({
    initialValues: {
      firstName: staff.firstName,
      infix: staff.infix ?? '',
      lastName: staff.lastName,
      email: staff.email ?? '',
    },
    validate: {
      ...nameValidation(t),
      email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : t('validation.email')),
    },
  });
  const save = useApiMutation((body: object) => api('PATCH', `/staff/${staff.id}`, body), [...ROOTS]);
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(async (values) => {
        try {
          await save.mutateAsync({ ...trimmedNames(values), email: values.email.trim() });
          feedback.saved();
        } catch (error) {
          form.setErrors(fieldErrors(t, error));
          feedback.failed(error);
        }
      })}
    >
      <Stack>
        <NameFields form={form} />
        <TextInput label={t('fields.email')} type="email" required {...form.getInputProps('email')} />
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            {t('actions.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function RightsTab({ me, staff }: { me: Me; staff: Staff }) {
  const { t } = useTranslation();
  const feedback = useFeedback();
  const locations = useLocations();
  const [isBoardAdmin, setIsBoardAdmin] = useState(staff.isBoardAdmin);
  const [levels, setLevels] = useState<Record<string, Level | 'none'>>(() =>
    Object.fromEntries(staff.locations.map((l) => [l.locationId, l.level])),
  );
  const save = useApiMutation((body: object) => api('PATCH', `/staff/${staff.id}`, body), [...ROOTS, 'me']);

  function submit() {
    const body: { isBoardAdmin?: boolean; locations: { locationId: string; level: Level }[] } = {
      locations: Object.entries(levels)
        .filter((entry): entry is [string, Level] => entry[1] !== 'none')
        .map(([locationId, level]) => ({ locationId, level })),
    };
    if (isBoardAdmin !== staff.isBoardAdmin) body.isBoardAdmin = isBoardAdmin;
    save.mutate(body, { onSuccess: () => feedback.saved(), onError: feedback.failed });
  }

  return (
    <Stack>
      <Checkbox
        label={t('staff.boardAdmin')}
        description={t('staff.boardAdminHelp')}
        checked={isBoardAdmin}
        disabled={!me.user.isBoardAdmin}
        onChange={(e) => setIsBoardAdmin(e.currentTarget.checked)}
      />
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('fields.location')}</Table.Th>
            <Table.Th>{t('fields.level')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(locations.data?.items ?? []).map((location) => (
            <Table.Tr key={location.id}>
              <Table.Td>{location.name}</Table.Td>
              <Table.Td>
                <Select
                  aria-label={`${t('fields.level')} ${location.name}`}
                  data={[
                    { value: 'none', label: t('levels.none') },
                    ...LEVELS.map((l) => ({ value: l, label: t(`levels.${l}`) })),
                  ]}
                  value={levels[location.id] ?? 'none'}
                  disabled={!administers(me, location.id)}
                  allowDeselect={false}
                  onChange={(v) =>
                    setLevels((current) => ({ ...current, [location.id]: (v as Level | 'none') ?? 'none' }))
                  }
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group justify="flex-end">
        <Button onClick={submit} loading={save.isPending}>
          {t('actions.save')}
        </Button>
      </Group>
    </Stack>
  );
}

type StaffMail = 'activation-mail' | 'password-reset-mail';

/**
 * Mail to the staff member: their activation link again, or a password-reset link. Says when the server has no
 * SMTP settings and only writes the messages to its outbox folder.
 */
function MailSection({ me, staff }: { me: Me; staff: Staff }) {
  const { t } = useTranslation();
  const feedback = useFeedback();
  const send = useApiMutation((mail: StaffMail) => api('POST', `/staff/${staff.id}/${mail}`), ['audit']);
  const sendMail = (mail: StaffMail, sent: string) =>
    send.mutate(mail, { onSuccess: () => feedback.saved(sent), onError: feedback.failed });
  const sending = (mail: StaffMail) => send.isPending && send.variables === mail;
  return (
    <Stack gap="xs" mt="xl">
      <Title order={3} size="h5">
        {t('staff.mail.title')}
      </Title>
      {!me.mailConfigured && (
        <Alert color="yellow" role="note">
          {t('staff.mail.notConfigured')}
        </Alert>
      )}
      <Text size="sm" c="dimmed">
        {t('staff.mail.help')}
      </Text>
      <Group>
        <Button
          variant="default"
          loading={sending('activation-mail')}
          onClick={() => sendMail('activation-mail', t('staff.mail.activationSent'))}
        >
          {t('staff.mail.sendActivation')}
        </Button>
        <Button
          variant="default"
          loading={sending('password-reset-mail')}
          onClick={() => sendMail('password-reset-mail', t('staff.mail.resetSent'))}
        >
          {t('staff.mail.sendReset')}
        </Button>
      </Group>
    </Stack>
  );
}

function StaffPanel({ me, id, onClose }: { me: Me; id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const feedback = useFeedback();
  const staff = useStaffMember(id);
  const saveGroups = useApiMutation(
    (groupIds: string[]) => api('PATCH', `/staff/${id}`, { groupIds }),
    [...ROOTS],
  );
  const remove = useDeleteMutation(`/staff/${id}`, [...ROOTS], {
    onDeleted: () => {
      feedback.saved(t('people.deleted'));
      onClose();
    },
    onError: feedback.failed,
  });
  if (!staff.data) return null;
  const person = staff.data;

  async function onDelete() {
    if (!(await confirmDelete(t, t('people.confirmDelete', { name: person.displayName })))) return;
    remove.mutate();
  }

  return (
    <Tabs defaultValue="general">
      <Tabs.List>
        <Tabs.Tab value="general">{t('tabs.general')}</Tabs.Tab>
        <Tabs.Tab value="rights">{t('tabs.rights')}</Tabs.Tab>
        <Tabs.Tab value="groups">{t('tabs.groups')}</Tabs.Tab>
        <Tabs.Tab value="password">{t('tabs.password')}</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="general" pt="md">
        <GeneralTab key={person.id} staff={person} />
        <MailSection me={me} staff={person} />
        <StaffMfaReset staff={person} />
        <Group mt="xl">
          <Button
            color="red"
            variant="outline"
            onClick={() => void onDelete()}
            loading={remove.isPending}
            disabled={person.id === me.user.id}
          >
            {t('actions.delete')}
          </Button>
        </Group>
      </Tabs.Panel>
      <Tabs.Panel value="rights" pt="md">
        {/* Starts over when the saved rights change, not when an equal person is refetched. */}
        <RightsTab key={JSON.stringify([person.isBoardAdmin, person.locations])} me={me} staff={person} />
      </Tabs.Panel>
      <Tabs.Panel value="groups" pt="md">
        <GroupsEditor
          key={person.groupIds.join()}
          groupIds={person.groupIds}
          saving={saveGroups.isPending}
          onSave={(groupIds) =>
            saveGroups.mutate(groupIds, { onSuccess: () => feedback.saved(), onError: feedback.failed })
          }
        />
      </Tabs.Panel>
      <Tabs.Panel value="password" pt="md">
        <StaffCredentials key={person.id} staff={person} />
      </Tabs.Panel>
    </Tabs>
  );
}

function AddStaff({ me, onDone }: { me: Me; onDone: () => void }) {
  const { t } = useTranslation();
  const feedback = useFeedback();
  const ownLocations = adminLocationIds(me);
  const form = useForm({
    initialValues: {
      firstName: '',
      infix: '',
      lastName: '',
      email: '',
      password: '',
      locationId: me.user.isBoardAdmin ? (null as string | null) : (ownLocations[0] ?? null),
      level: 'read' as Level,
    },
    validate: {
      ...nameValidation(t),
      email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : t('validation.email')),
      password: (v) => (v === '' || v.length >= 10 ? null : t('validation.passwordLength', { count: 10 })),
      locationId: (v) => (me.user.isBoardAdmin || v ? null : t('validation.required')),
    },
  });
  const create = useApiMutation((body: object) => api<Staff>('POST', '/staff', body), [...ROOTS]);
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(async (values) => {
        try {
          await create.mutateAsync({
            ...trimmedNames(values),
            email: values.email.trim(),
            ...(values.password ? { password: values.password } : {}),
            locations: values.locationId ? [{ locationId: values.locationId, level: values.level }] : [],
          });
          feedback.saved();
          onDone();
        } catch (error) {
          form.setErrors(fieldErrors(t, error));
          feedback.failed(error);
        }
      })}
    >
      <Stack>
        <NameFields form={form} />
        <TextInput label={t('fields.email')} type="email" required {...form.getInputProps('email')} />
        <PasswordField
          label={t('fields.temporaryPassword')}
          description={t('staff.temporaryPasswordHelp')}
          {...form.getInputProps('password')}
        />
        <LocationSelect
          label={t('fields.location')}
          only={me.user.isBoardAdmin ? undefined : ownLocations}
          clearable={me.user.isBoardAdmin}
          {...form.getInputProps('locationId')}
        />
        <Select
          label={t('fields.level')}
          data={LEVELS.map((l) => ({ value: l, label: t(`levels.${l}`) }))}
          allowDeselect={false}
          {...form.getInputProps('level')}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={create.isPending}>
            {t('actions.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function StaffPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [location, setLocation] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const paging = useCursorPaging(`${q}|${location}`);
  const openFromList = useOpenFromList();
  const list = useStaffList({ q: q || undefined, location, cursor: paging.cursor, limit: 50 });
  const locations = useLocations();
  // Rights on locations the viewer cannot see (a locatiebeheerder sees their own) are left out, not shown as "…".
  const locationNames = (s: Staff) =>
    s.locations
      .flatMap((l) => {
        const name = locations.data?.items.find((x) => x.id === l.locationId)?.name;
        return name ? [`${name} (${t(`levels.${l.level}`)})`] : [];
      })
      .join(', ');

  return (
    <>
      <PageHeader title={t('nav.staff')}>
        <ExportMenu path="/staff/export" filters={{ q, location }} />
        <Button onClick={() => setAdding(true)}>{t('actions.add')}</Button>
      </PageHeader>
      <Group mb="md" align="flex-end">
        <TextInput
          type="search"
          label={t('common.search')}
          placeholder={t('people.searchPlaceholder')}
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
      </Group>
      <PeopleTable
        kind="staff"
        label={t('nav.staff')}
        data={list.data}
        paging={paging}
        canBulk
        openVerb={t('actions.edit')}
        onOpen={(s) => {
          openFromList('staff', s);
          navigate(`/staff/${s.id}`);
        }}
        columns={[
          { key: 'name', header: t('fields.name'), cell: (s) => s.displayName },
          { key: 'email', header: t('fields.email'), cell: (s) => s.email },
          {
            key: 'rights',
            header: t('tabs.rights'),
            cell: (s) => (s.isBoardAdmin ? t('staff.boardAdmin') : locationNames(s)),
          },
        ]}
      />
      <Modal opened={adding} onClose={() => setAdding(false)} title={t('staff.add')}>
        <AddStaff me={me} onDone={() => setAdding(false)} />
      </Modal>
      <Drawer
        opened={!!id}
        onClose={() => navigate('/staff')}
        position="right"
        size="lg"
        title={t('people.editUser')}
      >
        {id && <StaffPanel key={id} me={me} id={id} onClose={() => navigate('/staff')} />}
      </Drawer>
    </>
  );
}
