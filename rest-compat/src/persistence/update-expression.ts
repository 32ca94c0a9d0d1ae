/**
 * Builds UpdateItem expressions from a partial record: `undefined` leaves a field alone, `null`
 * removes it, anything else sets it. Placeholders are generated, so field names never clash with
 * DynamoDB reserved words (`name`, `status`, `role`...).
 *
 * @module
 */

/** The expression parts of an UpdateItem input. */
export interface UpdateParts {
  UpdateExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
}

/**
 * Returns `undefined` when nothing would change.
 *
 * @example
 * ```ts
 * buildUpdate({ displayName: 'Ana', phone: null, age: undefined });
 * // { UpdateExpression: 'SET #f0 = :f0 REMOVE #f1', ... }
 * ```
 */
export function buildUpdate(fields: Readonly<Record<string, unknown>>): UpdateParts | undefined {
  const setClauses: string[] = [];
  const removeClauses: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  let index = 0;
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const placeholder = `f${index++}`;
    names[`#${placeholder}`] = field;
    if (value === null) {
      removeClauses.push(`#${placeholder}`);
    } else {
      setClauses.push(`#${placeholder} = :${placeholder}`);
      values[`:${placeholder}`] = value;
    }
  }
  if (index === 0) return undefined;
  const expression = [
    setClauses.length > 0 ? `SET ${setClauses.join(', ')}` : '',
    removeClauses.length > 0 ? `REMOVE ${removeClauses.join(', ')}` : '',
  ]
    .filter((part) => part !== '')
    .join(' ');
  return {
    UpdateExpression: expression,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}
