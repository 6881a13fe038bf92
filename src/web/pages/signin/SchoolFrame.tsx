import { Anchor, Group, Text, Title } from '@mantine/core';
import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { applyLanguage, LANGUAGES } from '../../i18n/index.ts';

/**
 * The frame of a school's sign-in page: the school's name as the page heading (its board small above it), the
 * page's own buttons, and the choice of language of the other public pages. Wider than the console's sign-in card:
 * the tiles need the room.
 */
export function SchoolFrame({
  schoolName,
  boardName,
  actions,
  children,
}: {
  schoolName: string | null;
  boardName: string | null;
  actions: ReactNode;
  children: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const title = schoolName ? t('schoolSignIn.pageTitle', { school: schoolName }) : t('schoolSignIn.title');
  useEffect(() => {
    document.title = title;
  }, [title]);
  return (
    <div className="school-page">
      <header className="school-header">
        <div className="school-header-inner">
          <div>
            {boardName && (
              <Text size="sm" c="dimmed">
                {boardName}
              </Text>
            )}
            <Title order={1} size="h2">
              {schoolName ?? t('schoolSignIn.title')}
            </Title>
          </div>
          <Group gap="md">
            {actions}
            {LANGUAGES.filter((language) => language !== i18n.language).map((language) => (
              <Anchor
                key={language}
                component="button"
                type="button"
                lang={language}
                size="md"
                onClick={() => applyLanguage(language)}
              >
                {i18n.t(`languages.${language}`, { lng: language })}
              </Anchor>
            ))}
          </Group>
        </div>
      </header>
      <main className="school-main">{children}</main>
    </div>
  );
}
