import { Center, Loader } from '@mantine/core';
import { useEffect } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { ApiError } from './api/client.ts';
import { useMe } from './api/queries.ts';
import type { Me } from './api/types.ts';
import { mayImport } from './components/rights.ts';
import { Shell } from './components/Shell.tsx';
import { applyLanguage } from './i18n/index.ts';
import { ActivatePage } from './pages/ActivatePage.tsx';
import { AuditPage } from './pages/AuditPage.tsx';
import { BoardPage } from './pages/BoardPage.tsx';
import { ChoosePasswordPage } from './pages/ChoosePasswordPage.tsx';
import { FirstRunPage } from './pages/FirstRunPage.tsx';
import { GroupsPage } from './pages/GroupsPage.tsx';
import { ImportsDetailPage } from './pages/ImportsDetailPage.tsx';
import { ImportsPage } from './pages/ImportsPage.tsx';
import { ImportsWizardPage } from './pages/ImportsWizardPage.tsx';
import { LocationsPage } from './pages/LocationsPage.tsx';
import { LockedPage } from './pages/LockedPage.tsx';
import { MfaEnrolmentPage } from './pages/MfaEnrolmentPage.tsx';
import { ProfilePage } from './pages/ProfilePage.tsx';
import { ResetPasswordPage } from './pages/ResetPasswordPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { StaffPage } from './pages/StaffPage.tsx';
import { StudentsPage } from './pages/StudentsPage.tsx';
import { SchoolSignInPage } from './pages/signin/SchoolSignInPage.tsx';

/** The first page a person may use: administrators start at locations, teachers at their students. */
export function homePath(me: Me): string {
  const p = me.permissions;
  if (p.locations && (p.createLocations || me.locations.some((l) => l.level === 'admin')))
    return '/locations';
  if (p.students) return '/students';
  if (p.groups) return '/groups';
  return '/profile';
}

function SignedIn() {
  const me = useMe();
  const location = useLocation();
  useEffect(() => {
    if (me.data) applyLanguage(me.data.user.language);
  }, [me.data]);
  if (me.isPending) {
    return (
      <Center h="100vh">
        <Loader aria-label="…" />
      </Center>
    );
  }
  if (me.error || !me.data) {
    if (me.error instanceof ApiError && me.error.status !== 401) throw me.error;
    return <Navigate to="/signin" replace state={{ from: location.pathname }} />;
  }
  if (me.data.user.mustChangePassword) return <ChoosePasswordPage me={me.data} />;
  if (me.data.mfa.enrolmentRequired) return <MfaEnrolmentPage me={me.data} />;
  const p = me.data.permissions;
  return (
    <Shell me={me.data}>
      <Routes>
        <Route path="/" element={<Navigate to={homePath(me.data)} replace />} />
        {p.boardSettings && <Route path="/board" element={<BoardPage />} />}
        {p.locations && <Route path="/locations/:id?" element={<LocationsPage me={me.data} />} />}
        {p.groups && <Route path="/groups/:id?" element={<GroupsPage me={me.data} />} />}
        {p.staff && <Route path="/staff/:id?" element={<StaffPage me={me.data} />} />}
        {p.students && <Route path="/students/:id?" element={<StudentsPage me={me.data} />} />}
        {p.students && <Route path="/locked" element={<LockedPage me={me.data} />} />}
        {p.audit && <Route path="/audit" element={<AuditPage me={me.data} />} />}
        {mayImport(me.data) && <Route path="/imports" element={<ImportsPage />} />}
        {mayImport(me.data) && <Route path="/imports/new" element={<ImportsWizardPage me={me.data} />} />}
        {mayImport(me.data) && <Route path="/imports/:id" element={<ImportsDetailPage />} />}
        <Route path="/profile" element={<ProfilePage me={me.data} />} />
        <Route path="*" element={<Navigate to={homePath(me.data)} replace />} />
      </Routes>
    </Shell>
  );
}

export function App() {
  return (
    <Routes>
      <Route path="/signin" element={<SignInPage />} />
      <Route path="/s/:code" element={<SchoolSignInPage />} />
      <Route path="/setup" element={<FirstRunPage />} />
      <Route path="/activate" element={<ActivatePage />} />
      <Route path="/reset" element={<ResetPasswordPage />} />
      <Route path="/*" element={<SignedIn />} />
    </Routes>
  );
}
