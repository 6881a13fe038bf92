import { Button, Divider, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { useApiMutation } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { fieldErrors, useFeedback } from '../components/feedback.ts';
import { NameFields, nameValidation, trimmedNames } from '../components/NameFields.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { PasswordField } from '../components/PasswordField.tsx';
import { TwoStepSection } from '../components/TwoStepVerification.tsx';
import { applyLanguage, LANGUAGES, type Language } from '../i18n/index.ts';

function ProfileForm({ me }: { me: Me }) {
  const { t } = useTranslation();
  const feedback = useFeedback();
  const form = useForm({
    initialValues: {
      firstName: me.user.firstName,
      infix: me.user.infix ?? '',
      lastName: me.user.lastName,
      language: me.user.language,
    },
    validate: nameValidation(t),
  });
  const save = useApiMutation((body: object) => api('PATCH', '/me', body), ['me', 'staff', 'audit']);
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(async (values) => {
        try {
          await save.mutateAsync({ ...trimmedNames(values), language: values.language });
          applyLanguage(values.language as Language);
          feedback.saved();
        } catch (error) {
          form.setErrors(fieldErrors(t, error));
          feedback.failed(error);
        }
      })}
    >
      <Stack maw={480}>
        <NameFields form={form} />
        <Text size="sm">
          {t('fields.email')}: {me.user.email}
        </Text>
        <Select
          label={t('profile.language')}
          data={LANGUAGES.map((language) => ({ value: language, label: t(`languages.${language}`) }))}
          allowDeselect={false}
          {...form.getInputProps('language')}
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

function PasswordForm({ me }: { me: Me }) {
  const { t } = useTranslation();
  const feedback = useFeedback();
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', repeat: '' },
    validate: {
      currentPassword: (v) => (me.user.mustChangePassword || v ? null : t('validation.required')),
      newPassword: (v) => (v.length >= 10 ? null : t('validation.passwordLength', { count: 10 })),
      repeat: (v, values) => (v === values.newPassword ? null : t('validation.repeat')),
    },
  });
  const save = useApiMutation((body: object) => api('POST', '/auth/password', body), ['me']);
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(async (values) => {
        try {
          await save.mutateAsync({
            ...(values.currentPassword ? { currentPassword: values.currentPassword } : {}),
            newPassword: values.newPassword,
          });
          feedback.saved(t('profile.passwordChanged'));
          form.reset();
        } catch (error) {
          form.setErrors(fieldErrors(t, error));
          feedback.failed(error);
        }
      })}
    >
      <Stack maw={480}>
        {/* Lets password managers file the new password under the right account. */}
        <input
          type="text"
          name="username"
          autoComplete="username"
          value={me.user.email ?? ''}
          readOnly
          hidden
        />
        <PasswordField
          label={t('fields.currentPassword')}
          autoComplete="current-password"
          {...form.getInputProps('currentPassword')}
        />
        <PasswordField
          label={t('fields.newPassword')}
          autoComplete="new-password"
          required
          {...form.getInputProps('newPassword')}
        />
        <PasswordField
          label={t('fields.repeatPassword')}
          autoComplete="new-password"
          required
          {...form.getInputProps('repeat')}
        />
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('profile.changePassword')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ProfilePage({ me }: { me: Me }) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('nav.profile')} />
      <ProfileForm me={me} />
      <Divider my="xl" />
      <Title order={3} size="h4" mb="md">
        {t('profile.password')}
      </Title>
      <PasswordForm me={me} />
      {/* Two-step verification is for staff; students sign in without it. */}
      {me.user.kind === 'staff' && (
        <>
          <Divider my="xl" />
          <Title order={3} size="h4" mb="md">
            {t('mfa.title')}
          </Title>
          <TwoStepSection me={me} />
        </>
      )}
    </>
  );
}
