// Errors shared by every layer, so that domain modules never import from the actions above them.

/**
 * An error whose message is written for the user; anything else shows a generic message.
 * The message is either a key of the `validation` messages (translated when shown) or a text
 * that is already in the user's language.
 */
export class UserFacingError extends Error {
  override name = 'UserFacingError';
}
