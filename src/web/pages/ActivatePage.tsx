import { Alert, Button, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api, setCsrfToken } from '../api/client.ts';
import type { User } from '../api/types.ts';
import { errorMessage } from '../components/feedback.ts';
import { PasswordField } from '../components/PasswordField.tsx';
import { PublicFrame } from '../components/PublicFrame.tsx';
import { passwordRuleMessage } from '../components/passwordErrors.ts';
import { applyLanguage } from '../i18n/index.ts';

/**
 * Activation link (a new staff member's mail, or the setup CLI's): the person chooses their first password under
 * the board's rules and is signed in.
 */
export function ActivatePage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { password: '', repeat: '' },
    validate: {
      // The board's rules (length, common passwords) are the server's; its answer shows on the field.
      password: (v) => (v ? null : t('validation.required')),
      repeat: (v, values) => (v === values.password ? null : t('validation.repeat')),
    },
  });

  async function submit(values: typeof form.values) {
    setError(null);
    try {
      const answer = await api<{ user: User; csrfToken: string } | { signInRequired: true }>(
        'POST',
        '/auth/activate',
        {
          token: params.get('token') ?? '',
          password: values.password,
        },
      );
      if ('signInRequired' in answer) {
        // Two-step verification is on: the link set the password; signing in asks for the code.
        navigate('/signin', { replace: true, state: { passwordSet: true } });
        return;
      }
      setCsrfToken(answer.csrfToken);
      applyLanguage(answer.user.language);
      queryClient.clear();
      navigate('/', { replace: true });
    } catch (failure) {
      const rule = passwordRuleMessage(t, failure);
      if (rule) form.setFieldError('password', rule);
      else setError(errorMessage(t, failure));
    }
  }

  return (
    <PublicFrame title={t('activate.title')}>
      <Text mb="md">{t('activate.intro')}</Text>
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <PasswordField
            label={t('fields.newPassword')}
            autoComplete="new-password"
            required
            {...form.getInputProps('password')}
          />
          <PasswordField
            label={t('fields.repeatPassword')}
            autoComplete="new-password"
            required
            {...form.getInputProps('repeat')}
          />
          <Button type="submit" loading={form.submitting}>
            {t('activate.submit')}
          </Button>
        </Stack>
      </form>
    </PublicFrame>
  );
}
