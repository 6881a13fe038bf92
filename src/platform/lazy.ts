/**
 * Libraries only some requests need (Excel, PDF, pg-boss) load on first use, not at start-up: a server that never
 * writes an Excel file or a PDF does not hold them in memory (each is 10–30 MB resident).
 */
export function lazily<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load();
    return loading;
  };
}
