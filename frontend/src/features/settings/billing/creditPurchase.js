// The "Buy credits" form's rules. Pure functions, unit-tested.
export const MIN_CREDITS = 1
export const MAX_CREDITS = 100

// The quantity typed, as a whole number in range, or an error sentence.
export function parseQuantity(text) {
  const value = Number(String(text).trim())
  if (String(text).trim() === '' || !Number.isInteger(value) || value < MIN_CREDITS || value > MAX_CREDITS) {
    return { error: `Enter a whole number of credits from ${MIN_CREDITS} to ${MAX_CREDITS}` }
  }
  return { quantity: value }
}

export const totalPence = (quantity, pricePence) => quantity * pricePence
