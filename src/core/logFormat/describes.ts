// Keeps a field table and the TypeScript type of its lines in step, at compile time: a table is
// declared as `describes<EventLine>()(object({...}))`, which type-checks only if the table names
// every key the type has (nested objects included, every member of a union) and accepts every value
// of the type. A key added to one and not the other is a type error that names the key.
import type { Field, LineOf } from "./fieldTypes.ts";

type AllKeys<T> = T extends unknown ? keyof T : never;
type PropertyOf<T, K extends PropertyKey> = T extends unknown ? (K extends keyof T ? T[K] : never) : never;

/** Keys of T (at any depth) that the value type V of a table does not have. */
export type UndescribedKeys<T, V> = T extends object
  ? {
      [K in AllKeys<T>]: K extends keyof V
        ? UndescribedKeys<NonNullable<PropertyOf<T, K>>, NonNullable<V[K]>>
        : K;
    }[AllKeys<T>]
  : never;

type Check<T, Root extends Field> = [UndescribedKeys<T, LineOf<Root>>] extends [never]
  ? [T] extends [LineOf<Root>]
    ? unknown
    : { tableRejectsSomeValuesOfTheType: T }
  : { tableLacksKeys: UndescribedKeys<T, LineOf<Root>> };

/** `describes<T>()(table)` returns the table, and fails to compile unless it describes T. */
export function describes<T>() {
  return <Root extends Field>(root: Root & Check<T, Root>): Root => root;
}
