/**
 * What a request parameter may hold, as the SDK's parameter types describe it. Form bodies carry
 * only strings, so `number` and `boolean` are checked as strings that parse as such.
 */
export type ParamSpec =
  | 'string'
  | 'integer'
  /** A float (`application_fee_percent`, package dimensions). */
  | 'number'
  /** A decimal string (`unit_amount_decimal`), what the SDK's Decimal class sends. */
  | 'decimal'
  | 'boolean'
  /** `metadata` and other string-keyed maps: any keys, string values. */
  | 'map'
  /** An object checked as an object, not field by field. */
  | 'object'
  | 'any'
  | { enum: string[] }
  | { array: ParamSpec }
  | { fields: Record<string, ParamSpec> }
  | { anyOf: ParamSpec[] };
