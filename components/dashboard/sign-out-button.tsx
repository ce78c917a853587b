import { signOut } from '@/lib/auth/actions/sign-out';
import { Button } from '@/components/ui/button';

export function SignOutButton({ label }: { label: string }) {
  return (
    <form action={signOut}>
      <Button type="submit" variant="ghost">
        {label}
      </Button>
    </form>
  );
}
