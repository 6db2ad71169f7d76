/**
 * Python's text for the values the ordering programs print, so that a twin can
 * write `print(`done=${str(flag)}`)` where the Python original writes
 * `print(f"done={flag}")`.
 *
 * The one idea: only the handful of shapes the programs print are covered
 * (strings, integers, booleans, None, lists, exceptions); anything else is a
 * mistake in a twin and throws.
 */
import { Task } from "asyncio-ts";

/** An exception class named like Python's built-in, for twins that raise one. */
export class ValueError extends Error {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ValueError";
  }
}

/** An exception class named like Python's built-in, for twins that raise one. */
export class RuntimeError extends Error {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "RuntimeError";
  }
}

/** Python's `repr(value)`. */
export function repr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") {
    if (!Number.isInteger(value)) throw new TypeError(`print floats with toFixed, not repr: ${value}`);
    return String(value);
  }
  if (typeof value === "string") return quote(value);
  if (Array.isArray(value)) return `[${value.map(repr).join(", ")}]`;
  if (value instanceof Error) {
    return value.message === "" ? `${typeName(value)}()` : `${typeName(value)}(${quote(value.message)})`;
  }
  throw new TypeError(`no Python repr for ${Object.prototype.toString.call(value)}`);
}

/** Python's `str(value)`: what `print(value)` and an f-string show. */
export function str(value: unknown): string {
  if (typeof value === "string") return value;
  if (value instanceof Error) return value.message;
  return repr(value);
}

/** Python's `type(value).__name__`. */
export function typeName(value: unknown): string {
  if (value === null || value === undefined) return "NoneType";
  if (typeof value === "string") return "str";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  if (Array.isArray(value)) return "list";
  if (value instanceof Error) return value.constructor.name;
  throw new TypeError(`no Python type name for ${Object.prototype.toString.call(value)}`);
}

/** Python's quoting of a string: single quotes unless the text holds one and no double quote. */
function quote(text: string): string {
  const q = text.includes("'") && !text.includes('"') ? '"' : "'";
  const body = text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(new RegExp(q, "g"), `\\${q}`);
  return `${q}${body}${q}`;
}

/** The name of a task that `wait()` handed back typed as a plain Future. */
export function nameOf(future: unknown): string {
  if (!(future instanceof Task)) throw new TypeError("expected a Task");
  return future.getName();
}

/** Sorted task names, as the Python programs print them: `['a', 'b']`. */
export function names(tasks: Iterable<unknown>): string {
  return repr([...tasks].map(nameOf).sort());
}
