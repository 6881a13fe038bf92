import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, query, setCsrfToken } from './client.ts';
import type {
  AuditEvent,
  Board,
  Group,
  GroupPasswordItem,
  ImportPasswordItem,
  ImportStatus,
  ImportSummary,
  ImportView,
  Location,
  Me,
  Member,
  Page,
  Picture,
  Staff,
  Student,
} from './types.ts';

/** Query-key roots; a mutation invalidates the roots it touches, so every screen is current at once. */
export type Root =
  | 'me'
  | 'board'
  | 'locations'
  | 'groups'
  | 'staff'
  | 'students'
  | 'members'
  | 'audit'
  | 'passwords'
  | 'imports';

export function useInvalidate() {
  const client = useQueryClient();
  return (...roots: Root[]) =>
    Promise.all(roots.map((root) => client.invalidateQueries({ queryKey: [root] })));
}

export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      const me = await api<Me>('GET', '/me');
      setCsrfToken(me.csrfToken);
      return me;
    },
    retry: false,
    staleTime: 60_000,
  });
}

export function useBoard(enabled = true) {
  return useQuery({ queryKey: ['board'], queryFn: () => api<Board>('GET', '/board'), enabled });
}

export function useLocations(enabled = true) {
  return useQuery({
    queryKey: ['locations'],
    queryFn: () => api<Page<Location>>('GET', '/locations'),
    enabled,
    staleTime: 30_000,
  });
}

export interface ListFilter {
  q?: string;
  location?: string | null;
  group?: string | null;
  cursor?: string | null;
  limit?: number;
}

export interface PeopleFilter extends ListFilter {
  /** Only accounts that are locked now. */
  locked?: boolean;
}

export function useGroups(filter: ListFilter = {}, enabled = true) {
  return useQuery({
    queryKey: ['groups', filter],
    queryFn: () => api<Page<Group>>('GET', `/groups${query({ limit: 200, ...filter })}`),
    enabled,
    placeholderData: keepPreviousData,
  });
}

/** One group, by id: the query behind useGroup, also for lists of groups (useQueries). */
export function groupQuery(id: string) {
  return { queryKey: ['groups', 'one', id], queryFn: () => api<Group>('GET', `/groups/${id}`) };
}

export function useGroup(id: string | null | undefined) {
  return useQuery({ ...groupQuery(id ?? ''), enabled: !!id });
}

export function useStaffList(filter: PeopleFilter, enabled = true) {
  return useQuery({
    queryKey: ['staff', filter],
    queryFn: () =>
      api<Page<Staff>>('GET', `/staff${query({ ...filter, locked: filter.locked ? 'true' : undefined })}`),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useStudents(filter: PeopleFilter, enabled = true) {
  return useQuery({
    queryKey: ['students', filter],
    queryFn: () =>
      api<Page<Student>>(
        'GET',
        `/students${query({ ...filter, locked: filter.locked ? 'true' : undefined })}`,
      ),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useStaffMember(id: string | null | undefined) {
  return useQuery({
    queryKey: ['staff', 'one', id],
    queryFn: () => api<Staff>('GET', `/staff/${id}`),
    enabled: !!id,
  });
}

export function useStudent(id: string | null | undefined) {
  return useQuery({
    queryKey: ['students', 'one', id],
    queryFn: () => api<Student>('GET', `/students/${id}`),
    enabled: !!id,
  });
}

export function useMembers(groupId: string | null) {
  return useQuery({
    queryKey: ['members', groupId],
    queryFn: () => api<{ staff: Member[]; students: Member[] }>('GET', `/groups/${groupId}/members`),
    enabled: !!groupId,
  });
}

/** The picture set, with names in the console's language; it never changes while the console runs. */
export function usePictures() {
  const { i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'nl';
  return useQuery({
    queryKey: ['pictures', lang],
    queryFn: () => api<Picture[]>('GET', `/pictures?lang=${lang}`),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/**
 * A group's "show passwords" overview. Every fetch is an audited read, so it runs only while `enabled` (the
 * overview is open) and is not refetched on window focus.
 */
export function useGroupPasswords(groupId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['passwords', 'group', groupId],
    queryFn: () =>
      api<{ groupId: string; items: GroupPasswordItem[] }>('GET', `/groups/${groupId}/passwords`),
    enabled,
    refetchOnWindowFocus: false,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
  });
}

/** An import's job is still to run or running: its screens follow it from the server. */
export function importInProgress(status: ImportStatus): boolean {
  return status === 'queued' || status === 'running';
}

/** The board's latest imports (a locatiebeheerder's own); refreshed every second while one is in progress. */
export function useImports() {
  return useQuery({
    queryKey: ['imports', 'list'],
    queryFn: () => api<Page<ImportSummary>>('GET', '/imports?limit=50'),
    refetchInterval: (q) => (q.state.data?.items.some((i) => importInProgress(i.status)) ? 1000 : false),
  });
}

/** One import; polled every `poll(view)` ms (not at all when it says false), so a job's progress bar moves. */
export function useImport(id: string | undefined, poll: (view: ImportView) => number | false) {
  return useQuery({
    queryKey: ['imports', 'one', id],
    queryFn: () => api<ImportView>('GET', `/imports/${id}`),
    enabled: !!id,
    refetchInterval: (q) => (q.state.data ? poll(q.state.data) : false),
  });
}

/**
 * The students an import created, with their temporary passwords. Every fetch is an audited read: it runs only
 * while `enabled` (the list is open) and is not refetched on window focus.
 */
export function useImportPasswords(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['passwords', 'import', id],
    queryFn: () => api<{ items: ImportPasswordItem[] }>('GET', `/imports/${id}/passwords`),
    enabled,
    refetchOnWindowFocus: false,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
  });
}

export interface AuditFilter {
  actor?: string | null;
  action?: string | null;
  from?: string | null;
  to?: string | null;
  cursor?: string | null;
}

export function useAudit(filter: AuditFilter) {
  return useQuery({
    queryKey: ['audit', filter],
    queryFn: () => api<Page<AuditEvent>>('GET', `/audit${query({ limit: 50, ...filter })}`),
    placeholderData: keepPreviousData,
  });
}

/** A mutation that invalidates `roots` when it succeeds. */
export function useApiMutation<Input, Output = unknown>(
  run: (input: Input) => Promise<Output>,
  roots: Root[],
) {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: run, onSuccess: () => invalidate(...roots) });
}

/**
 * A DELETE that first runs `onDeleted` (close the panel, say it is done) and then refreshes `roots`. In that order
 * nothing refetches the deleted item, and the confirmation never waits for a refetch. Both callbacks live on the
 * mutation, not on one `mutate()` call, so they also run when the refetch unmounts the panel that asked.
 */
export function useDeleteMutation(
  path: string,
  roots: Root[],
  callbacks: { onDeleted: () => void; onError: (error: unknown) => void },
) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: () => api('DELETE', path),
    onSuccess: () => {
      callbacks.onDeleted();
      return invalidate(...roots);
    },
    onError: callbacks.onError,
  });
}

/**
 * Opening an item from a list: its row already holds the item, so the panel can show it (and put the cursor in
 * its first field) at once; the panel's own query still refreshes it in the background.
 */
export function useOpenFromList() {
  const client = useQueryClient();
  return (root: 'groups' | 'staff' | 'students', item: { id: string }) => {
    client.setQueryData([root, 'one', item.id], item);
  };
}
