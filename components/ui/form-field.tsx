import type { ComponentProps } from 'react';

type Props = ComponentProps<'input'> & { label: string; name: string; errors?: string[]; hint?: string };

// The field's edge is zinc-500 in both themes (not the lighter border of cards): a field must
// stand out from its surface at 3:1 to be found.
export function FormField({ label, name, errors, hint, className = '', ...input }: Props) {
  const describedBy = errors?.length ? `${name}-error` : hint ? `${name}-hint` : undefined;
  return (
    <div className={`space-y-1.5 ${className}`}>
      <label htmlFor={name} className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
        {label}
      </label>
      <input
        id={name}
        name={name}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy}
        className="block w-full rounded-lg border border-zinc-500 bg-white px-3 py-2 text-sm shadow-xs placeholder:text-zinc-500 focus:border-brand-600 focus:outline-2 focus:outline-offset-0 focus:outline-brand-600 aria-invalid:border-red-600 dark:border-zinc-500 dark:bg-zinc-950 dark:text-zinc-100 dark:placeholder:text-zinc-400 dark:focus:border-brand-500 dark:focus:outline-brand-500 dark:aria-invalid:border-red-400"
        {...input}
      />
      {errors?.length ? (
        <p id={`${name}-error`} className="text-sm text-red-600 dark:text-red-400">
          {errors.join(' ')}
        </p>
      ) : hint ? (
        <p id={`${name}-hint`} className="text-sm text-zinc-500 dark:text-zinc-400">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
