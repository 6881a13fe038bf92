import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './styles.css';
import { type CSSVariablesResolver, createTheme, MantineProvider } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, useMemo } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { BrowserRouter } from 'react-router';
import { App } from './App.tsx';
import { ApiError } from './api/client.ts';
import './i18n/index.ts';

/**
 * Mantine's grey for secondary text and descriptions (gray.6) and its red for errors (red.6) reach only 3.3:1 on
 * white; these reach WCAG AA (≥ 4.5:1) and still read as secondary text and as errors.
 */
const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': '#5c636a',
    '--mantine-color-placeholder': '#6c757d',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
  },
  dark: {},
});

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({
    // A session that ended (expired, signed out elsewhere) sends the person back to the sign-in page at once.
    // (Not for GET /me itself: its 401 is what shows the sign-in page.)
    onError: (error, query) => {
      if (error instanceof ApiError && error.status === 401 && query.queryKey[0] !== 'me')
        void queryClient.invalidateQueries({ queryKey: ['me'] });
    },
  }),
  defaultOptions: {
    queries: {
      refetchOnWindowFocus: false,
      // An answer like 404 or 403 does not change on a second try; only network and server failures are retried.
      retry: (failures, error) =>
        failures < 1 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
    },
  },
});

/** The theme carries translated labels (close buttons of drawers and modals), so it follows the language. */
function Root() {
  const { t } = useTranslation();
  // t changes identity when the language changes.
  const theme = useMemo(() => {
    const closeButtonProps = { 'aria-label': t('actions.close') };
    return createTheme({
      primaryColor: 'indigo',
      // Darker shades than Mantine's defaults keep text on filled buttons and links above WCAG AA contrast.
      primaryShade: 8,
      fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
      defaultRadius: 'sm',
      components: {
        Drawer: { defaultProps: { closeButtonProps } },
        Modal: { defaultProps: { closeButtonProps } },
        Notification: { defaultProps: { closeButtonProps } },
      },
    });
  }, [t]);
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <QueryClientProvider client={queryClient}>
        <ModalsProvider>
          {/* Bottom centre: not over a drawer's close button or Save button (right), list paging (right) or the
              left-aligned buttons of a page's form (left). */}
          <Notifications position="bottom-center" />
          <BrowserRouter>
            <App />
          </BrowserRouter>
        </ModalsProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('no #root element');
createRoot(root).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
