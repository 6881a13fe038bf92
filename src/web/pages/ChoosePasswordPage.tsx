import { Button, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { fieldErrors, useFeedback } from '../components/feedback.ts';
import { PasswordField } from '../components/PasswordField.tsx';
import { PublicFrame } from '../components/PublicFrame.tsx';

/**
 * Someone who signed in with a temporary password chooses their own before anything else (PRODUCT.md §3). The
 * server checks the board's password rules; its answer shows on the field.
 */
export function ChoosePasswordPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const feedback = useFeedback();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { newPassword: '', repeat: '' },
    validate: {
      newPassword: (v) => (v ? null : t('validation.required')),
      repeat: (v, values) => (v === values.newPassword ? null : t('validation.repeat')),
    },
  });

  async function submit(values: typeof form.values) {
    try {
      await api('POST', '/auth/password', { newPassword: values.newPassword });
      feedback.saved(t('profile.passwordChanged'));
      await queryClient.invalidateQueries({ queryKey: ['me'] });
    } catch (error) {
      const errors = fieldErrors(t, error);
      if (Object.keys(errors).length > 0) form.setErrors(errors);
      else feedback.failed(error);
    }
  }

  return (
    <PublicFrame title={t('choosePassword.title')} languageChoice={false}>
      <Text mb="md">{t('choosePassword.intro', { name: me.user.firstName })}</Text>
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Stack>
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
            label={t('fields.newPassword')}
            autoComplete="new-password"
            required
            data-autofocus
            {...form.getInputProps('newPassword')}
          />
          <PasswordField
            label={t('fields.repeatPassword')}
            autoComplete="new-password"
            required
            {...form.getInputProps('repeat')}
          />
          <Button type="submit" loading={form.submitting}>
            {t('actions.save')}
          </Button>
        </Stack>
      </form>
    </PublicFrame>
  );
}
