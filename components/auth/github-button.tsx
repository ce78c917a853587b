import { signInWithGitHub } from '@/lib/auth/actions/sign-in-with-github';
import { Button } from '@/components/ui/button';

export function GitHubButton({ callbackUrl, label }: { callbackUrl?: string; label: string }) {
  return (
    <form action={signInWithGitHub}>
      {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
      <Button type="submit" variant="secondary" className="w-full">
        {label}
      </Button>
    </form>
  );
}
