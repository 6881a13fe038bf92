import {
  Badge,
  Button,
  Checkbox,
  Divider,
  Drawer,
  Group,
  Modal,
  Radio,
  Stack,
  Tabs,
  Text,
  TextInput,
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
  useOpenFromList,
  useStudent,
  useStudents,
} from '../api/queries.ts';
import type { Me, SignInMethod, Student } from '../api/types.ts';
import { confirmDelete } from '../components/confirm.tsx';
import { ExportMenu } from '../components/ExportMenu.tsx';
import { fieldErrors, useFeedback } from '../components/feedback.ts';
import { GroupName, GroupNames, GroupsEditor } from '../components/GroupsEditor.tsx';
import { SIGN_IN_METHODS } from '../components/groupOptions.ts';
import { isLocked } from '../components/LockStatus.tsx';
import { NameFields, nameValidation, trimmedNames } from '../components/NameFields.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { PeopleTable, useCursorPaging } from '../components/PeopleTable.tsx';
import { GroupPicker, LocationSelect } from '../components/pickers.tsx';
import { isAnyAdmin } from '../components/rights.ts';
import { StudentCredentials } from '../components/StudentCredentials.tsx';

const ROOTS = ['students', 'members', 'groups', 'audit'] as const;

function GeneralTab({ student, readOnly }: { student: Student; readOnly: boolean }) {
  const { t } = useTranslation();
  const feedback = useFeedback();
  const form = useForm({
    initialValues: {
      firstName: student.firstName,
      infix: student.infix ?? '',
      lastName: student.lastName,
      email: student.email ?? '',
      username: student.username,
    },
    validate: {
      ...nameValidation(t),
      email: (v) => (v.trim() === '' || /^\S+@\S+\.\S+$/.test(v.trim()) ? null : t('validation.email')),
      username: (v) => (/^[A-Za-z0-9._-]{2,64}$/.test(v.trim()) ? null : t('validation.username')),
    },
  });
  const save = useApiMutation((body: object) => api('PATCH', `/students/${student.id}`, body), [...ROOTS]);
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(async (values) => {
        try {
          await save.mutateAsync({
            ...trimmedNames(values),
            email: values.email.trim() || null,
            username: values.username.trim(),
          });
          feedback.saved();
        } catch (error) {
          form.setErrors(fieldErrors(t, error));
          feedback.failed(error);
        }
      })}
    >
      <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0 }}>
        <Stack>
          <NameFields form={form} />
          <TextInput label={t('fields.username')} required {...form.getInputProps('username')} />
          <TextInput label={t('fields.emailOptional')} type="email" {...form.getInputProps('email')} />
          {!readOnly && (
            <Group justify="flex-end">
              <Button type="submit" loading={save.isPending}>
                {t('actions.save')}
              </Button>
            </Group>
          )}
        </Stack>
      </fieldset>
    </form>
  );
}

/** The sign-in method: the group's, or one of the student's own. Saved at once when chosen. */
function SignInMethodChoice({
  saved,
  readOnly,
  onSave,
}: {
  saved: SignInMethod | null;
  readOnly: boolean;
  onSave: (method: SignInMethod | null, undo: () => void) => void;
}) {
  const { t } = useTranslation();
  const [choice, setChoice] = useState<string>(saved ?? 'group');
  return (
    <Radio.Group
      label={t('fields.signInMethod')}
      value={choice}
      onChange={(value) => {
        setChoice(value);
        onSave(value === 'group' ? null : (value as SignInMethod), () => setChoice(saved ?? 'group'));
      }}
    >
      <Stack mt="xs">
        <Radio value="group" label={t('signInMethods.group')} disabled={readOnly} />
        {SIGN_IN_METHODS.map((m) => (
          <Radio key={m} value={m} label={t(`signInMethods.${m}`)} disabled={readOnly} />
        ))}
      </Stack>
    </Radio.Group>
  );
}

/** Privacy consent, saved at once when ticked. */
function PrivacyConsent({
  saved,
  readOnly,
  onSave,
}: {
  saved: boolean;
  readOnly: boolean;
  onSave: (consent: boolean, undo: () => void) => void;
}) {
  const { t } = useTranslation();
  const [checked, setChecked] = useState(saved);
  return (
    <Checkbox
      label={t('students.privacyConsent')}
      description={t('students.privacyConsentHelp')}
      checked={checked}
      disabled={readOnly}
      onChange={(e) => {
        const next = e.currentTarget.checked;
        setChecked(next);
        onSave(next, () => setChecked(saved));
      }}
    />
  );
}

function StudentPanel({ me, id, onClose }: { me: Me; id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const feedback = useFeedback();
  const student = useStudent(id);
  const readOnly = !isAnyAdmin(me);
  const patch = useApiMutation((body: object) => api('PATCH', `/students/${id}`, body), [...ROOTS]);
  const remove = useDeleteMutation(`/students/${id}`, [...ROOTS], {
    onDeleted: () => {
      feedback.saved(t('people.deleted'));
      onClose();
    },
    onError: feedback.failed,
  });
  if (!student.data) return null;
  const person = student.data;
  const save = (body: object, undo?: () => void) =>
    patch.mutate(body, {
      onSuccess: () => feedback.saved(),
      onError: (error) => {
        undo?.();
        feedback.failed(error);
      },
    });

  async function onDelete() {
    if (!(await confirmDelete(t, t('people.confirmDelete', { name: person.displayName })))) return;
    remove.mutate();
  }

  return (
    <Tabs defaultValue="general">
      <Tabs.List>
        <Tabs.Tab value="general">{t('tabs.general')}</Tabs.Tab>
        <Tabs.Tab value="groups">{t('tabs.groups')}</Tabs.Tab>
        <Tabs.Tab value="signin">{t('tabs.signIn')}</Tabs.Tab>
        <Tabs.Tab value="privacy">{t('tabs.privacy')}</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="general" pt="md">
        <GeneralTab key={person.id} student={person} readOnly={readOnly} />
        {!readOnly && (
          <Group mt="xl">
            <Button color="red" variant="outline" onClick={() => void onDelete()} loading={remove.isPending}>
              {t('actions.delete')}
            </Button>
          </Group>
        )}
      </Tabs.Panel>
      <Tabs.Panel value="groups" pt="md">
        {readOnly ? (
          <Stack gap="xs">
            {person.groupIds.map((g) => (
              <Text key={g}>
                <GroupName id={g} />
              </Text>
            ))}
          </Stack>
        ) : (
          <GroupsEditor
            key={person.groupIds.join()}
            groupIds={person.groupIds}
            saving={patch.isPending}
            onSave={(groupIds) => save({ groupIds })}
          />
        )}
      </Tabs.Panel>
      <Tabs.Panel value="signin" pt="md">
        {/* Keyed on the saved value: shows a choice at once, and the server's answer when it differs. */}
        <SignInMethodChoice
          key={person.signInMethod ?? 'group'}
          saved={person.signInMethod}
          readOnly={readOnly}
          onSave={(signInMethod, undo) => save({ signInMethod }, undo)}
        />
        <Divider my="lg" />
        <StudentCredentials key={person.id} me={me} student={person} />
      </Tabs.Panel>
      <Tabs.Panel value="privacy" pt="md">
        {/* Teachers of the student's groups record the consent too; the rest of the student is for administrators. */}
        <PrivacyConsent
          key={String(person.privacyConsent)}
          saved={person.privacyConsent}
          readOnly={false}
          onSave={(privacyConsent, undo) => save({ privacyConsent }, undo)}
        />
      </Tabs.Panel>
    </Tabs>
  );
}

function AddStudent({ me, onDone }: { me: Me; onDone: () => void }) {
  const { t } = useTranslation();
  const feedback = useFeedback();
  const form = useForm({
    initialValues: { firstName: '', infix: '', lastName: '', username: '', groupId: null as string | null },
    validate: {
      ...nameValidation(t),
      username: (v) =>
        v.trim() === '' || /^[A-Za-z0-9._-]{2,64}$/.test(v.trim()) ? null : t('validation.username'),
      groupId: (v) => (me.user.isBoardAdmin || v ? null : t('validation.required')),
    },
  });
  const create = useApiMutation((body: object) => api<Student>('POST', '/students', body), [...ROOTS]);
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(async (values) => {
        try {
          await create.mutateAsync({
            ...trimmedNames(values),
            ...(values.username.trim() ? { username: values.username.trim() } : {}),
            groupIds: values.groupId ? [values.groupId] : [],
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
        <GroupPicker
          label={t('fields.group')}
          required={!me.user.isBoardAdmin}
          {...form.getInputProps('groupId')}
        />
        <TextInput
          label={t('fields.username')}
          description={t('students.usernameHelp')}
          {...form.getInputProps('username')}
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

export function StudentsPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [location, setLocation] = useState<string | null>(null);
  const [group, setGroup] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const paging = useCursorPaging(`${q}|${location}|${group}`);
  const openFromList = useOpenFromList();
  const list = useStudents({ q: q || undefined, location, group, cursor: paging.cursor, limit: 50 });
  const admin = isAnyAdmin(me);

  return (
    <>
      <PageHeader title={t('nav.students')}>
        <ExportMenu path="/students/export" filters={{ q, location, group }} />
        {admin && <Button onClick={() => setAdding(true)}>{t('actions.add')}</Button>}
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
        <GroupPicker
          label={t('fields.group')}
          placeholder={t('common.allGroups')}
          clearable
          location={location}
          value={group}
          onChange={setGroup}
        />
      </Group>
      <PeopleTable
        kind="students"
        label={t('nav.students')}
        data={list.data}
        paging={paging}
        canBulk={admin}
        openVerb={admin ? t('actions.edit') : t('actions.open')}
        onOpen={(s) => {
          openFromList('students', s);
          navigate(`/students/${s.id}`);
        }}
        columns={[
          {
            key: 'name',
            header: t('fields.name'),
            cell: (s) => (
              <>
                {s.displayName}
                {isLocked(s) && (
                  <Badge ml="xs" color="red" variant="light">
                    {t('lock.locked')}
                  </Badge>
                )}
              </>
            ),
          },
          { key: 'username', header: t('fields.username'), cell: (s) => s.username },
          {
            key: 'groups',
            header: t('tabs.groups'),
            cell: (s) => <GroupNames ids={s.groupIds} />,
          },
        ]}
      />
      <Modal opened={adding} onClose={() => setAdding(false)} title={t('students.add')}>
        <AddStudent me={me} onDone={() => setAdding(false)} />
      </Modal>
      <Drawer
        opened={!!id}
        onClose={() => navigate('/students')}
        position="right"
        size="lg"
        title={t('people.editUser')}
      >
        {id && <StudentPanel key={id} me={me} id={id} onClose={() => navigate('/students')} />}
      </Drawer>
    </>
  );
}
