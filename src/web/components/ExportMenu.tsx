import { Button, Menu } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { query } from '../api/client.ts';

/**
 * "Export" as CSV or Excel: plain download links to `path` with the list's current filters and the console's
 * language. A GET with the session cookie needs no CSRF token, so the browser downloads the file itself.
 */
export function ExportMenu({
  path,
  filters = {},
}: {
  path: string;
  filters?: Record<string, string | null | undefined>;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'nl';
  const href = (format: 'csv' | 'xlsx') => `/api/v1${path}${query({ ...filters, format, lang })}`;
  return (
    <Menu position="bottom-end" withinPortal withInitialFocusPlaceholder={false}>
      <Menu.Target>
        <Button variant="default">
          {t('exports.export')}{' '}
          <span aria-hidden="true" style={{ fontSize: '0.75em', marginLeft: 4 }}>
            ▾
          </span>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item component="a" href={href('csv')} download>
          {t('exports.csv')}
        </Menu.Item>
        <Menu.Item component="a" href={href('xlsx')} download>
          {t('exports.xlsx')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
