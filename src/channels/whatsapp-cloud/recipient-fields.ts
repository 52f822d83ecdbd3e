/**
 * A business-scoped user id: the user's two-letter country code, a dot and up to 128 letters and digits
 * ("CO.1502576394655843"; parent BSUIDs add ".ENT"). Phone numbers are digits only, so the two never mix.
 */
const bsuidPattern = /^[A-Z]{2}\.[A-Za-z0-9.]{1,140}$/;

export function isBsuid(id: string): boolean {
  return bsuidPattern.test(id);
}

/**
 * Who a /messages call goes to. Meta takes a phone number in `to` and a business-scoped user id in `recipient`: a
 * citizen who hides their number behind a username is answered by their BSUID.
 */
export function recipientFields(id: string): { to: string } | { recipient: string } {
  return isBsuid(id) ? { recipient: id } : { to: id };
}
