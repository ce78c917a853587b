import 'server-only';
import { ZxcvbnFactory, type MatchExtended } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import * as zxcvbnEn from '@zxcvbn-ts/language-en';

/**
 * zxcvbn's score 3 means about 10^8 guesses or more: out of reach of online guessing (which the
 * rate limits cap at 40 an hour per account) and costly offline against Argon2id. Below that are
 * the common passwords, keyboard walks, repeats, dates and names that a guesser tries first.
 */
const MIN_SCORE = 3;

/** Longer passwords are judged by their first 64 characters (see `maxLength` below). */
const MAX_CHECKED_LENGTH = 64;

// The dictionaries are a few megabytes: built once per server process on the first check, and
// only on the server (this module is `server-only`, reached from Server Actions).
let zxcvbn: ZxcvbnFactory | undefined;

function estimator(): ZxcvbnFactory {
  zxcvbn ??= new ZxcvbnFactory({
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary },
    graphs: zxcvbnCommon.adjacencyGraphs,
    // No `translations`: the feedback comes back as zxcvbn's keys ('topTen', 'l33t'), which
    // messages/<locale>/auth.json (`password.warnings`, `password.suggestions`) put into words.

    // Its cost grows steeply with length and l33t substitutions: unbounded, a crafted 128-character
    // password took about 0.9 s of CPU; with these caps the worst we found is about 50 ms. Anything
    // past 64 characters is judged by its first 64.
    maxLength: MAX_CHECKED_LENGTH,
    l33tMaxSubstitutions: 10,
  });
  return zxcvbn;
}

/** The product's own name: the first word a guesser tries on any account here. Rename with the product. */
const SITE_WORDS = ['entitle'];

/**
 * Why a password is too easy to guess: built from the user's own details, or scored low by
 * zxcvbn, with its warning and suggestions as keys of `auth.password.warnings` and
 * `auth.password.suggestions` (lib/auth/password-feedback.ts puts them into the user's language).
 */
export type PasswordWeakness =
  | { builtFromUserDetails: true }
  | { builtFromUserDetails: false; warning: string | null; suggestions: string[] };

/**
 * Why this password is too easy to guess, or undefined when it is strong enough. `related` are
 * things an attacker would try first for this user (their email and name): a password built from
 * them is scored as guessable.
 */
export function passwordWeakness(password: string, related: readonly (string | null | undefined)[] = []): PasswordWeakness | undefined {
  const result = estimator().check(password, userInputsFrom([...related, ...SITE_WORDS]));
  // zxcvbn scores `quillfeather77` for quill.feather@… at exactly 3: the user's own words are
  // ranked first but the pattern still counts three pieces. An attacker targeting this account
  // starts from exactly those words, so a password that is half or more of them is refused.
  if (userInputShare(result.sequence) * 2 >= Math.min(password.length, MAX_CHECKED_LENGTH)) return { builtFromUserDetails: true };
  if (result.score >= MIN_SCORE) return undefined;
  const { warning, suggestions } = result.feedback;
  return { builtFromUserDetails: false, warning, suggestions };
}

/** How many characters of the password matched the user's own details (as is, reversed or l33t). */
function userInputShare(sequence: readonly MatchExtended[]): number {
  let characters = 0;
  for (const match of sequence) {
    if (match.pattern === 'dictionary' && match.dictionaryName === 'userInputs') characters += match.j - match.i + 1;
  }
  return characters;
}

/** An email gives its whole, its local part and the pieces of it; a name gives its words. */
function userInputsFrom(related: readonly (string | null | undefined)[]): string[] {
  const inputs = new Set<string>();
  for (const value of related) {
    const text = value?.trim().toLowerCase();
    if (!text) continue;
    inputs.add(text);
    const [local, domain] = text.split('@');
    if (domain !== undefined && local) inputs.add(local);
    for (const piece of text.split(/[^\p{L}\p{N}]+/u)) if (piece.length >= 3) inputs.add(piece);
  }
  return [...inputs];
}
