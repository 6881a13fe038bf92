import { Anchor, Group, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, setCsrfToken } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { PublicFrame } from '../components/PublicFrame.tsx';
import { RecoveryCodes, TotpEnrolment } from '../components/TwoStepVerification.tsx';

/**
 * The board requires two-step verification of this person and they have none yet: they set it up before
 * anything else (the server answers MFA_ENROLMENT_REQUIRED elsewhere until they do). The recovery codes are
 * shown before the console opens, since they are shown only once.
 */
export function MfaEnrolmentPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [codes, setCodes] = useState<string[] | null>(null);

  async function signOut() {
    try {
      await api('POST', '/auth/logout');
    } finally {
      setCsrfToken(null);
      queryClient.clear();
      navigate('/signin', { replace: true });
    }
  }

  return (
    <PublicFrame title={t('mfa.enrolmentTitle')} languageChoice={false}>
      {codes ? (
        <RecoveryCodes
          codes={codes}
          me={me}
          onDone={() => void queryClient.invalidateQueries({ queryKey: ['me'] })}
        />
      ) : (
        <Stack>
          <Text>{t('mfa.enrolmentIntro', { name: me.user.firstName })}</Text>
          <TotpEnrolment onConfirmed={setCodes} />
          <Group justify="center">
            <Anchor component="button" type="button" size="sm" onClick={() => void signOut()}>
              {t('nav.signOut')}
            </Anchor>
          </Group>
        </Stack>
      )}
    </PublicFrame>
  );
}
