import { Button, Checkbox, Group, NumberInput, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { useApiMutation, useBoard } from '../api/queries.ts';
import type { Board, BoardSettings } from '../api/types.ts';
import { fieldErrors, useFeedback } from '../components/feedback.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { LANGUAGES } from '../i18n/index.ts';

function BoardForm({ board }: { board: Board }) {
  const { t } = useTranslation();
  const feedback = useFeedback();
  const form = useForm<{ name: string } & BoardSettings>({
    initialValues: { name: board.name, ...board.settings },
    validate: {
      name: (v) => (v.trim() ? null : t('validation.required')),
      passwordMinLengthStaff: (v) =>
        v >= 8 && v <= 64 ? null : t('validation.between', { min: 8, max: 64 }),
      passwordMinLengthStudents: (v) =>
        v >= 4 && v <= 64 ? null : t('validation.between', { min: 4, max: 64 }),
      lockoutThreshold: (v) => (v >= 3 && v <= 20 ? null : t('validation.between', { min: 3, max: 20 })),
      lockoutMinutes: (v) => (v >= 1 && v <= 1440 ? null : t('validation.between', { min: 1, max: 1440 })),
    },
  });
  const save = useApiMutation(
    (body: object) => api<Board>('PATCH', '/board', body),
    ['board', 'me', 'audit'],
  );
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(async ({ name, ...settings }) => {
        try {
          await save.mutateAsync({ name: name.trim(), settings });
          feedback.saved();
        } catch (error) {
          form.setErrors(fieldErrors(t, error));
          feedback.failed(error);
        }
      })}
    >
      <Stack maw={520}>
        <TextInput label={t('board.name')} required {...form.getInputProps('name')} />
        <Select
          label={t('board.defaultLanguage')}
          data={LANGUAGES.map((language) => ({ value: language, label: t(`languages.${language}`) }))}
          allowDeselect={false}
          {...form.getInputProps('defaultLanguage')}
        />
        <Select
          label={t('board.userType')}
          data={[
            { value: 'primary', label: t('board.primary') },
            { value: 'secondary', label: t('board.secondary') },
          ]}
          allowDeselect={false}
          {...form.getInputProps('userType')}
        />
        <Checkbox
          label={t('board.usersMayChangeEmail')}
          {...form.getInputProps('usersMayChangeEmail', { type: 'checkbox' })}
        />
        <Checkbox
          label={t('board.teachersMayResetPasswords')}
          {...form.getInputProps('teachersMayResetPasswords', { type: 'checkbox' })}
        />
        <NumberInput
          label={t('board.passwordMinLengthStaff')}
          min={8}
          max={64}
          {...form.getInputProps('passwordMinLengthStaff')}
        />
        <NumberInput
          label={t('board.passwordMinLengthStudents')}
          min={4}
          max={64}
          {...form.getInputProps('passwordMinLengthStudents')}
        />
        <Title order={3} size="h4" mt="md">
          {t('board.security')}
        </Title>
        <NumberInput
          label={t('board.lockoutThreshold')}
          min={3}
          max={20}
          {...form.getInputProps('lockoutThreshold')}
        />
        <NumberInput
          label={t('board.lockoutMinutes')}
          min={1}
          max={1440}
          {...form.getInputProps('lockoutMinutes')}
        />
        <Select
          label={t('board.pictureSequenceLength')}
          data={['2', '3', '4']}
          allowDeselect={false}
          value={String(form.values.pictureSequenceLength)}
          onChange={(v) => form.setFieldValue('pictureSequenceLength', Number(v ?? 2))}
        />
        <Checkbox
          label={t('board.shufflePictures')}
          {...form.getInputProps('shufflePictures', { type: 'checkbox' })}
        />
        <Select
          label={t('board.mfaRequired')}
          data={(['none', 'admins', 'staff'] as const).map((value) => ({
            value,
            label: t(`board.mfa.${value}`),
          }))}
          allowDeselect={false}
          {...form.getInputProps('mfaRequired')}
        />
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('actions.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function BoardPage() {
  const { t } = useTranslation();
  const board = useBoard();
  return (
    <>
      <PageHeader title={t('nav.board')} />
      {board.data && <BoardForm board={board.data} />}
      <Stack maw={520} mt="xl" gap="xs">
        <Title order={3} size="h4">
          {t('exports.board')}
        </Title>
        <Text size="sm">{t('exports.boardHelp')}</Text>
        <Group>
          <Button variant="default" component="a" href="/api/v1/board/export/oneroster.zip" download>
            {t('exports.board')}
          </Button>
        </Group>
      </Stack>
    </>
  );
}
