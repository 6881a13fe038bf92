import { Alert, Anchor, Button, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, setCsrfToken } from '../api/client.ts';
import type { User } from '../api/types.ts';
import { errorMessage } from '../components/feedback.ts';
import { PasswordField } from '../components/PasswordField.tsx';
import { PublicFrame } from '../components/PublicFrame.tsx';
import { passwordRuleMessage } from '../components/passwordErrors.ts';
import { applyLanguage } from '../i18n/index.ts';

/**
 * The link of a password-reset mail ("forgot password", or sent by an administrator): the person chooses a new
 * password under the board's rules and is signed in. A used or expired link says so and leads back to sign-in,
 * where a new one can be asked for.
 */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { password: '', repeat: '' },
    validate: {
      password: (v) => (v ? null : t('validation.required')),
      repeat: (v, values) => (v === values.password ? null : t('validation.repeat')),
    },
  });

  async function submit(values: typeof form.values) {
    setError(null);
    try {
      const answer = await api<{ user: User; csrfToken: string } | { signInRequired: true }>(
        'POST',
        '/auth/reset',
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
    <PublicFrame title={t('reset.title')}>
      <Text mb="md">{t('reset.intro')}</Text>
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}{' '}
              <Anchor component={Link} to="/signin" replace>
                {t('forgot.back')}
              </Anchor>
            </Alert>
          )}
          <PasswordField
            label={t('fields.newPassword')}
            autoComplete="new-password"
            required
            data-autofocus
            {...form.getInputProps('password')}
          />
          <PasswordField
            label={t('fields.repeatPassword')}
            autoComplete="new-password"
            required
            {...form.getInputProps('repeat')}
          />
          <Button type="submit" loading={form.submitting}>
            {t('reset.submit')}
          </Button>
        </Stack>
      </form>
    </PublicFrame>
  );
}
