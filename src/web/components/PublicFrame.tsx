import { Anchor, Center, Container, Group, Paper, Title } from '@mantine/core';
import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { applyLanguage, LANGUAGES } from '../i18n/index.ts';

/**
 * The frame of the pages before signing in: a centred card with a heading that also names the browser tab, and a
 * choice of language (remembered in this browser; once signed in, the person's own language applies).
 */
export function PublicFrame({
  title,
  children,
  languageChoice = true,
}: {
  title: string;
  children: ReactNode;
  languageChoice?: boolean;
}) {
  const { i18n } = useTranslation();
  useEffect(() => {
    document.title = title;
  }, [title]);
  return (
    <Center mih="100vh" bg="gray.1" component="main">
      <Container size={460} w="100%" py="xl">
        <Paper withBorder shadow="sm" p="xl" radius="md">
          <Title order={1} size="h2" mb="lg">
            {title}
          </Title>
          {children}
        </Paper>
        {languageChoice && (
          <Group justify="center" mt="md" gap="lg">
            {LANGUAGES.filter((language) => language !== i18n.language).map((language) => (
              <Anchor
                key={language}
                component="button"
                type="button"
                lang={language}
                size="sm"
                onClick={() => applyLanguage(language)}
              >
                {i18n.t(`languages.${language}`, { lng: language })}
              </Anchor>
            ))}
          </Group>
        )}
      </Container>
    </Center>
  );
}
