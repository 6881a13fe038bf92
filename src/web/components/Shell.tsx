import { AppShell, Burger, Group, Menu, NavLink, Text, Title, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { api, setCsrfToken } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { applyLanguage, LANGUAGES, type Language } from '../i18n/index.ts';
import { useFeedback } from './feedback.ts';
import { mayImport } from './rights.ts';

/** The board's menu, filtered to what the signed-in person may use. */
function menuItems(me: Me, t: TFunction) {
  const p = me.permissions;
  return [
    { path: '/board', label: t('nav.board'), show: p.boardSettings },
    { path: '/locations', label: t('nav.locations'), show: p.locations },
    { path: '/groups', label: t('nav.groups'), show: p.groups },
    { path: '/staff', label: t('nav.staff'), show: p.staff },
    { path: '/students', label: t('nav.students'), show: p.students },
    { path: '/locked', label: t('nav.locked'), show: p.students },
    { path: '/imports', label: t('nav.imports'), show: mayImport(me) },
    { path: '/audit', label: t('nav.audit'), show: p.audit },
    { path: '/profile', label: t('nav.profile'), show: true },
  ].filter((item) => item.show);
}

/** Keyboard users jump over the header and menu; visible only while it has focus. */
function SkipLink({ label }: { label: string }) {
  return (
    <a href="#main" className="skip-link">
      {label}
    </a>
  );
}

export function Shell({ me, children }: { me: Me; children: ReactNode }) {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const feedback = useFeedback();

  async function switchLanguage(language: Language) {
    applyLanguage(language);
    try {
      await api('PATCH', '/me', { language });
      await queryClient.invalidateQueries({ queryKey: ['me'] });
    } catch (error) {
      feedback.failed(error);
    }
  }

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
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <SkipLink label={t('nav.skipToContent')} />
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.menu')} />
            <Title order={1} size="h3" lineClamp={1}>
              {me.board.name}
            </Title>
          </Group>
          {/* Without the focus placeholder: a focusable role="presentation" child breaks the menu role (axe). */}
          <Menu position="bottom-end" withinPortal withInitialFocusPlaceholder={false}>
            <Menu.Target>
              {/* The accessible name starts with the visible name (WCAG 2.5.3) and says what the button opens. */}
              <UnstyledButton aria-label={t('nav.userMenu', { name: me.user.displayName })} px="xs" py={4}>
                <Text fw={500}>
                  {me.user.displayName}{' '}
                  <span aria-hidden="true" style={{ fontSize: '0.75em' }}>
                    ▾
                  </span>
                </Text>
              </UnstyledButton>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item component={Link} to="/profile">
                {t('nav.profile')}
              </Menu.Item>
              <Menu.Divider />
              <Menu.Label>{t('profile.language')}</Menu.Label>
              {LANGUAGES.map((language) => (
                <Menu.Item
                  key={language}
                  lang={language}
                  onClick={() => void switchLanguage(language)}
                  aria-current={me.user.language === language ? 'true' : undefined}
                  rightSection={me.user.language === language ? <span aria-hidden="true">✓</span> : null}
                >
                  {t(`languages.${language}`)}
                </Menu.Item>
              ))}
              <Menu.Divider />
              <Menu.Item onClick={() => void signOut()}>{t('nav.signOut')}</Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={t('nav.main')}>
        {menuItems(me, t).map((item) => {
          const active = location.pathname === item.path || location.pathname.startsWith(`${item.path}/`);
          return (
            <NavLink
              key={item.path}
              component={Link}
              to={item.path}
              label={item.label}
              active={active}
              aria-current={active ? 'page' : undefined}
              onClick={close}
            />
          );
        })}
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
