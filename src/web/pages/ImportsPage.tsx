import { Anchor, Button, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { importInProgress, useImports } from '../api/queries.ts';
import type { ImportSummary } from '../api/types.ts';
import { errorMessage } from '../components/feedback.ts';
import { ImportProgress, ImportStatusBadge, totalsOf } from '../components/ImportsStatus.tsx';
import { PageHeader } from '../components/PageHeader.tsx';

/** The counts of an import in one line: what it adds, changes and rejects. */
function CountsLine({ item }: { item: ImportSummary }) {
  const { t } = useTranslation();
  const totals = totalsOf(item.counts);
  return (
    <Text size="sm">
      {t('imports.history.counts', {
        new: totals.new,
        changed: totals.changed,
        rejected: totals.rejected,
      })}
    </Text>
  );
}

/**
 * The history of the board's imports (a locatiebeheerder's own), newest first. An import that is running shows
 * its progress here too: the job runs on the server, whoever closed which tab.
 */
export function ImportsPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const imports = useImports();
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' });
  const items = imports.data?.items ?? [];

  return (
    <>
      <PageHeader title={t('nav.imports')}>
        <Button component={Link} to="/imports/new">
          {t('imports.new')}
        </Button>
      </PageHeader>
      {imports.isError && <Text>{errorMessage(t, imports.error)}</Text>}
      {imports.data && items.length === 0 && <Text c="dimmed">{t('imports.history.empty')}</Text>}
      {items.length > 0 && (
        <Table striped highlightOnHover aria-label={t('nav.imports')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('imports.history.file')}</Table.Th>
              <Table.Th>{t('imports.history.format')}</Table.Th>
              <Table.Th>{t('imports.history.who')}</Table.Th>
              <Table.Th>{t('imports.history.when')}</Table.Th>
              <Table.Th>{t('imports.history.status')}</Table.Th>
              <Table.Th>{t('imports.history.countsTitle')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((item) => (
              <Table.Tr
                key={item.id}
                style={{ cursor: 'pointer' }}
                // The file name is the link for keyboard and screen readers; the row is a larger target for a mouse.
                onClick={() => navigate(`/imports/${item.id}`)}
              >
                <Table.Td>
                  <Anchor component={Link} to={`/imports/${item.id}`} onClick={(e) => e.stopPropagation()}>
                    {item.fileName}
                  </Anchor>
                </Table.Td>
                <Table.Td>{t(`imports.formats.${item.format}`, { defaultValue: item.format })}</Table.Td>
                <Table.Td>{item.createdBy?.name ?? '—'}</Table.Td>
                <Table.Td>{format.format(new Date(item.createdAt))}</Table.Td>
                <Table.Td>
                  <ImportStatusBadge status={item.status} />
                </Table.Td>
                <Table.Td>
                  {importInProgress(item.status) ? (
                    <ImportProgress progress={item.progress} size="sm" />
                  ) : (
                    <CountsLine item={item} />
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </>
  );
}
