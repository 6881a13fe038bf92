import { AppShell, Burger, Group, Menu, NavLink, Text, Title, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { api, setCsrfToken } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { applyLanguage, type Language } from '../i18n/index.ts';
import { useFeedback } from './feedback.ts';

/** The board's menu, filtered to what the signed-in person may use. */
function menuItems(me: Me) {
  const p = me.permissions;
  return [
    { path: '/board', key: 'nav.board', show: p.boardSettings },
    { path: '/locations', key: 'nav.locations', show: p.locations },
    { path: '/groups', key: 'nav.groups', show: p.groups },
    { path: '/staff', key: 'nav.staff', show: p.staff },
    { path: '/students', key: 'nav.students', show: p.students },
    { path: '/audit', key: 'nav.audit', show: p.audit },
  ].filter((item) => item.show);
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
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.menu')} />
            <Title order={1} size="h3" lineClamp={1}>
              {me.board.name}
            </Title>
          </Group>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <UnstyledButton aria-label={t('nav.userMenu')} data-testid="user-menu">
                <Text fw={500}>{me.user.displayName}</Text>
              </UnstyledButton>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item component={Link} to="/profile">
                {t('nav.profile')}
              </Menu.Item>
              <Menu.Divider />
              <Menu.Label>{t('profile.language')}</Menu.Label>
              <Menu.Item onClick={() => void switchLanguage('nl')} aria-current={me.user.language === 'nl'}>
                Nederlands
              </Menu.Item>
              <Menu.Item onClick={() => void switchLanguage('en')} aria-current={me.user.language === 'en'}>
                English
              </Menu.Item>
              <Menu.Divider />
              <Menu.Item onClick={() => void signOut()}>{t('nav.signOut')}</Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={t('nav.main')}>
        {menuItems(me).map((item) => (
          <NavLink
            key={item.path}
            component={Link}
            to={item.path}
            label={t(item.key)}
            active={location.pathname.startsWith(item.path)}
            onClick={close}
          />
        ))}
        <NavLink
          component={Link}
          to="/profile"
          label={t('nav.profile')}
          active={location.pathname === '/profile'}
          onClick={close}
        />
      </AppShell.Navbar>
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  );
}
