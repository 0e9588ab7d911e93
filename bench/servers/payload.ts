/** The JSON both micro-benchmark servers answer: about the size and shape of one stock item. */
export const PAYLOAD = {
  pk: 4711,
  part: 12,
  part_detail: { pk: 12, name: "Resistor 10k 0603", IPN: "R-0603-10K", units: "" },
  location: 3,
  quantity: 500,
  serial: null,
  batch: "B2431-4",
  status: 10,
  status_text: "OK",
  supplier_part: 1,
  purchase_price: 0.0021,
  updated: "2025-03-03T09:14:00.000Z",
};
