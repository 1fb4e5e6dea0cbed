import type { z } from 'zod';
import { unprocessable, ValidationIssue } from './errors';

const PYDANTIC_TYPES: Record<string, [string, string]> = {
  int: ['int_type', 'Input should be a valid integer'],
  number: ['float_type', 'Input should be a valid number'],
  string: ['string_type', 'Input should be a valid string'],
  boolean: ['bool_type', 'Input should be a valid boolean'],
  object: [
    'model_attributes_type',
    'Input should be a valid dictionary or object to extract fields from',
  ],
};

/** A zod issue worded like pydantic v2, which FastAPI servers such as Asleep's answer with. */
function toValidationIssue(issue: z.core.$ZodIssue, prefix: readonly string[]): ValidationIssue {
  const loc = [
    ...prefix,
    ...issue.path.map((part) => (typeof part === 'number' ? part : String(part))),
  ];
  const input = issue.input;
  switch (issue.code) {
    case 'invalid_type': {
      if (input === undefined) return { type: 'missing', loc, msg: 'Field required', input: null };
      const [type, msg] = PYDANTIC_TYPES[issue.expected] ?? ['type_error', issue.message];
      return { type, loc, msg, input };
    }
    case 'too_big': {
      const [type, word] = issue.inclusive
        ? ['less_than_equal', 'less than or equal to']
        : ['less_than', 'less than'];
      return {
        type,
        loc,
        msg: `Input should be ${word} ${issue.maximum}`,
        input,
        ctx: { le: issue.maximum },
      };
    }
    case 'too_small': {
      const [type, word] = issue.inclusive
        ? ['greater_than_equal', 'greater than or equal to']
        : ['greater_than', 'greater than'];
      return {
        type,
        loc,
        msg: `Input should be ${word} ${issue.minimum}`,
        input,
        ctx: { ge: issue.minimum },
      };
    }
    case 'invalid_value': {
      const expected = issue.values.map((value) => `'${String(value)}'`);
      const words =
        expected.length > 1
          ? `${expected.slice(0, -1).join(', ')} or ${expected.at(-1)}`
          : expected[0];
      return {
        type: 'enum',
        loc,
        msg: `Input should be ${words}`,
        input,
        ctx: { expected: words },
      };
    }
    default:
      return { type: 'value_error', loc, msg: `Value error, ${issue.message}`, input };
  }
}

/** Parses `value` or throws a 422 with a FastAPI-style `detail` list located under `prefix`. */
export function parseOr422<T extends z.ZodType>(
  schema: T,
  value: unknown,
  prefix: readonly string[],
): z.output<T> {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  throw unprocessable(result.error.issues.map((issue) => toValidationIssue(issue, prefix)));
}

type QueryValue = string | string[] | undefined;

const isCalendarDate = (raw: string) => {
  const ms = Date.parse(`${raw}T00:00:00Z`);
  return (
    /^\d{4}-\d{2}-\d{2}$/.test(raw) &&
    Number.isFinite(ms) &&
    new Date(ms).toISOString().startsWith(raw)
  );
};

/** Query parameters checked one by one, collecting every issue before answering 422. */
export class QueryReader {
  private readonly issues: ValidationIssue[] = [];

  constructor(private readonly query: Record<string, QueryValue>) {}

  /** FastAPI takes the last of repeated scalar parameters. */
  private raw(name: string): string | undefined {
    const value = this.query[name];
    return Array.isArray(value) ? value.at(-1) : value;
  }

  private issue(
    name: string,
    type: string,
    msg: string,
    input: unknown,
    ctx?: Record<string, unknown>,
  ) {
    this.issues.push({ type, loc: ['query', name], msg, input, ...(ctx ? { ctx } : {}) });
  }

  int(name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    if (!/^[+-]?\d+$/.test(raw.trim())) {
      this.issue(
        name,
        'int_parsing',
        'Input should be a valid integer, unable to parse string as an integer',
        raw,
      );
      return fallback;
    }
    const value = Number(raw);
    if (value < min) {
      this.issue(
        name,
        'greater_than_equal',
        `Input should be greater than or equal to ${min}`,
        raw,
        { ge: min },
      );
    }
    if (value > max) {
      this.issue(name, 'less_than_equal', `Input should be less than or equal to ${max}`, raw, {
        le: max,
      });
    }
    return value;
  }

  date(name: string, required: boolean): string | undefined {
    const raw = this.raw(name);
    if (raw === undefined) {
      if (required) this.issue(name, 'missing', 'Field required', null);
    } else if (!isCalendarDate(raw)) {
      this.issue(
        name,
        'date_from_datetime_parsing',
        'Input should be a valid date or datetime',
        raw,
      );
    }
    return raw;
  }

  oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    if ((values as readonly string[]).includes(raw)) return raw as T;
    const expected = values.map((value) => `'${value}'`).join(' or ');
    this.issue(name, 'enum', `Input should be ${expected}`, raw, { expected });
    return fallback;
  }

  /** Throws the collected 422, if any. */
  done(): void {
    if (this.issues.length > 0) throw unprocessable(this.issues);
  }
}
