/** Hungarian tax numbers (adószám): eight digits, one digit, two digits, stored as 12345678-1-23. */
import { ValidationError } from "../errors.js";

export const TAX_NUMBER_SHAPE = "12345678-1-23";

/** The stored form; anything else is normalised to it first. */
export const TAX_NUMBER = /^\d{8}-\d-\d{2}$/;

/** The stored form of a tax number typed with or without its dashes or spaces (`15789012241`); null when it is not one. */
export function normaliseTaxNumber(raw: string): string | null {
  const digits = raw.replace(/[\s-]/g, "");
  if (!/^\d{11}$/.test(digits)) return null;
  return `${digits.slice(0, 8)}-${digits.slice(8, 9)}-${digits.slice(9)}`;
}

/** Like normaliseTaxNumber, but a value that is not a tax number is an error that shows the expected shape. */
export function parseTaxNumber(raw: string): string {
  const taxNumber = normaliseTaxNumber(raw);
  if (taxNumber === null) throw new ValidationError(`"${raw}" nem adószám (várt alak: ${TAX_NUMBER_SHAPE})`);
  return taxNumber;
}
