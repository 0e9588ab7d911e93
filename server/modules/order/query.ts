/** The message InvenTree gives when a closed order's lines are touched. */
export const LOCKED = "The order is locked and cannot be modified";
