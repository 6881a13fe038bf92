import {
  Anchor,
  Button,
  Drawer,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api } from '../api/client.ts';
import { useApiMutation, useDeleteMutation, useLocations, useStaffList } from '../api/queries.ts';
import type { Level, Location, Me, Staff } from '../api/types.ts';
import { confirmDelete } from '../components/confirm.tsx';
import { fieldErrors, useFeedback } from '../components/feedback.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { PersonPicker } from '../components/pickers.tsx';
import { administers } from '../components/rights.ts';

const LEVELS: Level[] = ['read', 'files', 'folders', 'admin'];

interface LocationValues {
  name: string;
  code: string | null;
  /** Only when the form offers the networks (board administrators). */
  allowedNetworks?: string[];
}

/** The textarea's lines as a list of networks: one per line, blank lines left out. */
function networkLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** A rough check that catches typing slips; the server checks every range for real. */
const NETWORK = /^[0-9A-Fa-f:.]+(\/\d{1,3})?$/;

function LocationForm({
  initial,
  withNetworks,
  onSubmit,
  submitLabel,
}: {
  initial: { name: string; code: string; networks: string };
  /** Board administrators set the networks from which the school's sign-in page shows names. */
  withNetworks: boolean;
  onSubmit: (values: LocationValues) => Promise<void>;
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const form = useForm({
    initialValues: initial,
    validate: {
      name: (v) =>
        v.trim() ? (v.length > 100 ? t('validation.max', { count: 100 }) : null) : t('validation.required'),
      code: (v) => (/^[A-Za-z0-9 _-]{0,20}$/.test(v) ? null : t('validation.code')),
      networks: (v) => {
        const wrong = networkLines(v).find((line) => !NETWORK.test(line));
        return wrong === undefined ? null : t('locations.networkInvalid', { value: wrong });
      },
    },
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(async (values) => {
        const allowedNetworks = networkLines(values.networks);
        try {
          await onSubmit({
            name: values.name.trim(),
            code: values.code.trim() || null,
            ...(withNetworks ? { allowedNetworks } : {}),
          });
        } catch (error) {
          form.setErrors(fieldErrors(t, error));
          if ((error as { code?: string }).code === 'LOCATION_CODE_TAKEN')
            form.setFieldError('code', t('errors.LOCATION_CODE_TAKEN'));
          // The server names the wrong range by its place in the list: "allowedNetworks/2".
          const wrong = (error as { errors?: { field: string }[] }).errors
            ?.map((e) => /^allowedNetworks\/(\d+)$/.exec(e.field)?.[1])
            .find((index) => index !== undefined);
          if (wrong !== undefined)
            form.setFieldError(
              'networks',
              t('locations.networkInvalid', { value: allowedNetworks[Number(wrong)] ?? '' }),
            );
        }
      })}
    >
      <Stack>
        <TextInput label={t('fields.name')} required data-autofocus {...form.getInputProps('name')} />
        <TextInput
          label={t('fields.locationCode')}
          description={t('locations.codeHelp')}
          {...form.getInputProps('code')}
        />
        {withNetworks && (
          <Textarea
            label={t('locations.networks')}
            description={t('locations.networksHelp')}
            autosize
            minRows={2}
            maxRows={8}
            spellCheck={false}
            {...form.getInputProps('networks')}
          />
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={form.submitting}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * The school's own sign-in page, by code when the location has one. It shows names only on the networks above;
 * elsewhere it offers the e-mail form alone.
 */
function SignInPageLink({ location }: { location: Location }) {
  const { t } = useTranslation();
  const url = `${window.location.origin}/s/${encodeURIComponent(location.code ?? location.id)}`;
  return (
    <Stack gap={4} mt="md">
      <Title order={3} size="h4">
        {t('locations.signInPage')}
      </Title>
      <Anchor href={url} target="_blank" rel="noopener" style={{ overflowWrap: 'anywhere' }}>
        {url}
        <VisuallyHidden> ({t('common.opensInNewTab')})</VisuallyHidden>
      </Anchor>
      <Text size="sm" c="dimmed">
        {location.allowedNetworks.length === 0
          ? t('locations.signInPageNowhere')
          : t('locations.signInPageNetworks', { networks: location.allowedNetworks.join(', ') })}
      </Text>
    </Stack>
  );
}

function LinkStaff({ location, onDone }: { location: Location; onDone: () => void }) {
  const { t } = useTranslation();
  const feedback = useFeedback();
  const [personId, setPersonId] = useState<string | null>(null);
  const [level, setLevel] = useState<Level>('read');
  const link = useApiMutation(async () => {
    const staff = await api<Staff>('GET', `/staff/${personId}`);
    const locations = [
      ...staff.locations.filter((l) => l.locationId !== location.id),
      { locationId: location.id, level },
    ];
    await api('PATCH', `/staff/${personId}`, { locations });
  }, ['staff', 'locations']);
  return (
    <Stack>
      <PersonPicker kind="staff" label={t('fields.staffMember')} value={personId} onChange={setPersonId} />
      <Select
        label={t('fields.level')}
        data={LEVELS.map((l) => ({ value: l, label: t(`levels.${l}`) }))}
        value={level}
        onChange={(v) => setLevel((v as Level) ?? 'read')}
        allowDeselect={false}
      />
      <Group justify="flex-end">
        <Button
          disabled={!personId}
          loading={link.isPending}
          onClick={() =>
            link.mutate(undefined, {
              onSuccess: () => {
                feedback.saved();
                onDone();
              },
              onError: feedback.failed,
            })
          }
        >
          {t('actions.add')}
        </Button>
      </Group>
    </Stack>
  );
}

function LocationPanel({ me, location }: { me: Me; location: Location }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const feedback = useFeedback();
  const [linking, setLinking] = useState(false);
  const canEdit = administers(me, location.id);
  const staff = useStaffList({ location: location.id, limit: 200 }, me.permissions.staff && canEdit);
  const update = useApiMutation(
    (values: LocationValues) => api('PATCH', `/locations/${location.id}`, values),
    ['locations', 'audit'],
  );
  const remove = useDeleteMutation(
    `/locations/${location.id}`,
    ['locations', 'groups', 'staff', 'students', 'audit'],
    {
      onDeleted: () => {
        feedback.saved(t('locations.deleted'));
        navigate('/locations');
      },
      onError: feedback.failed,
    },
  );

  async function onDelete() {
    if (!(await confirmDelete(t, t('locations.confirmDelete', { name: location.name })))) return;
    remove.mutate();
  }

  return (
    <Stack>
      {!canEdit && (
        <Table variant="vertical" withTableBorder>
          <Table.Tbody>
            <Table.Tr>
              <Table.Th w={160}>{t('fields.name')}</Table.Th>
              <Table.Td>{location.name}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>{t('fields.locationCode')}</Table.Th>
              <Table.Td>{location.code ?? '—'}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      )}
      {canEdit && (
        <LocationForm
          // Starts over when the saved networks change, to show them as the server normalised them.
          key={`${location.id}|${location.allowedNetworks.join()}`}
          withNetworks={me.user.isBoardAdmin}
          initial={{
            name: location.name,
            code: location.code ?? '',
            networks: location.allowedNetworks.join('\n'),
          }}
          submitLabel={t('actions.save')}
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
      )}
      <SignInPageLink location={location} />
      {me.permissions.staff && canEdit && (
        <>
          <Group justify="space-between" mt="md">
            <Title order={3} size="h4">
              {t('locations.staff')}
            </Title>
            <Button variant="light" onClick={() => setLinking(true)}>
              {t('actions.add')}
            </Button>
          </Group>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('fields.name')}</Table.Th>
                <Table.Th>{t('fields.level')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(staff.data?.items ?? []).map((s) => {
                const level = s.locations.find((l) => l.locationId === location.id)?.level;
                return (
                  <Table.Tr key={s.id}>
                    <Table.Td>{s.displayName}</Table.Td>
                    <Table.Td>{level ? t(`levels.${level}`) : t('locations.viaGroup')}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
          {staff.data?.items.length === 0 && <Text c="dimmed">{t('common.none')}</Text>}
          <Modal opened={linking} onClose={() => setLinking(false)} title={t('locations.linkStaff')}>
            <LinkStaff location={location} onDone={() => setLinking(false)} />
          </Modal>
        </>
      )}
      {me.permissions.createLocations && (
        <Group mt="xl">
          <Button color="red" variant="outline" onClick={() => void onDelete()} loading={remove.isPending}>
            {t('actions.delete')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

export function LocationsPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const feedback = useFeedback();
  const [adding, setAdding] = useState(false);
  const locations = useLocations();
  const create = useApiMutation(
    (values: LocationValues) => api<Location>('POST', '/locations', values),
    ['locations', 'audit'],
  );
  const selected = locations.data?.items.find((l) => l.id === id) ?? null;

  return (
    <>
      <PageHeader title={t('nav.locations')}>
        {me.permissions.createLocations && (
          <Button onClick={() => setAdding(true)}>{t('actions.add')}</Button>
        )}
      </PageHeader>
      <Table highlightOnHover aria-label={t('nav.locations')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('fields.name')}</Table.Th>
            <Table.Th>{t('fields.locationCode')}</Table.Th>
            <Table.Th>
              <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(locations.data?.items ?? []).map((location) => {
            const verb = administers(me, location.id) ? t('actions.edit') : t('actions.open');
            return (
              <Table.Tr key={location.id}>
                <Table.Td>{location.name}</Table.Td>
                <Table.Td>{location.code ?? ''}</Table.Td>
                <Table.Td align="right">
                  <Button
                    size="xs"
                    variant="subtle"
                    onClick={() => navigate(`/locations/${location.id}`)}
                    aria-label={`${verb} ${location.name}`}
                  >
                    {verb}
                  </Button>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {locations.data?.items.length === 0 && <Text c="dimmed">{t('locations.empty')}</Text>}

      <Modal opened={adding} onClose={() => setAdding(false)} title={t('locations.add')}>
        <LocationForm
          initial={{ name: '', code: '', networks: '' }}
          withNetworks={me.user.isBoardAdmin}
          submitLabel={t('actions.save')}
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
        opened={!!selected}
        onClose={() => navigate('/locations')}
        position="right"
        size="lg"
        title={selected?.name}
      >
        {selected && <LocationPanel me={me} location={selected} />}
      </Drawer>
    </>
  );
}
