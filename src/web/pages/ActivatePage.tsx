import { Alert, Button, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api, setCsrfToken } from '../api/client.ts';
import { errorMessage } from '../components/feedback.ts';
import { PasswordField } from '../components/PasswordField.tsx';
import { PublicFrame } from '../components/PublicFrame.tsx';

/** Activation link: the person chooses their first password and is signed in. */
export function ActivatePage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { password: '', repeat: '' },
    validate: {
      password: (v) => (v.length >= 6 ? null : t('validation.passwordLength', { count: 6 })),
      repeat: (v, values) => (v === values.password ? null : t('validation.repeat')),
    },
  });

  async function submit(values: typeof form.values) {
    setError(null);
    try {
      const answer = await api<{ csrfToken: string }>('POST', '/auth/activate', {
        token: params.get('token') ?? '',
        password: values.password,
      });
      setCsrfToken(answer.csrfToken);
      queryClient.clear();
      navigate('/', { replace: true });
    } catch (failure) {
      setError(errorMessage(t, failure));
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
