/** A turning ring beside a pending label: the wait is being worked on, not stuck. */
export function Spinner() {
  return <span aria-hidden className="inline-block size-4 shrink-0 animate-spin rounded-full border-2 border-current border-r-transparent motion-reduce:animate-none" />;
}
