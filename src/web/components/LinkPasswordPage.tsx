import { Alert, Anchor, Button, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, setCsrfToken } from '../api/client.ts';
import type { User } from '../api/types.ts';
import { applyLanguage } from '../i18n/index.ts';
import { errorMessage } from './feedback.ts';
import { PasswordField } from './PasswordField.tsx';
import { PublicFrame } from './PublicFrame.tsx';
import { passwordRuleMessage } from './passwordErrors.ts';

/**
 * The page behind a mailed link (activation or password reset): the person chooses a password under the board's
 * rules and is signed in — or, with two-step verification on, sent to sign in with password and code.
 */
export function LinkPasswordPage({
  endpoint,
  texts,
  backToSignIn = false,
}: {
  endpoint: '/auth/activate' | '/auth/reset';
  /** The page's own words, translated. */
  texts: { title: string; intro: string; submit: string };
  /** Offer the way back to sign-in beside an error (a used or expired reset link: ask for a new one there). */
  backToSignIn?: boolean;
}) {
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
        endpoint,
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
    <PublicFrame title={texts.title}>
      <Text mb="md">{texts.intro}</Text>
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
              {backToSignIn && (
                <>
                  {' '}
                  <Anchor component={Link} to="/signin" replace>
                    {t('forgot.back')}
                  </Anchor>
                </>
              )}
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
            {texts.submit}
          </Button>
        </Stack>
      </form>
    </PublicFrame>
  );
}
