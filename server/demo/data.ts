/**
 * The demo dataset as plain data: a small electronics/maker workshop. seed.ts turns it into rows.
 * Trees are written as paths ("Electronics/Passives/Resistors"); parents are created first.
 */

export interface CategoryDef {
  path: string;
  description: string;
  structural?: boolean;
  /** Location path where parts of this category usually live. */
  location?: string;
}

export const CATEGORIES: CategoryDef[] = [
  { path: "Electronics", description: "Electronic components", structural: true },
  { path: "Electronics/Passives", description: "Resistors, capacitors and inductors", structural: true },
  { path: "Electronics/Passives/Resistors", description: "SMD and through-hole resistors", location: "Warehouse/Shelf A/Bin 1" },
  { path: "Electronics/Passives/Capacitors", description: "Ceramic and electrolytic capacitors", location: "Warehouse/Shelf A/Bin 2" },
  { path: "Electronics/Passives/Inductors", description: "Power inductors and ferrite beads", location: "Warehouse/Shelf A/Bin 3" },
  { path: "Electronics/ICs", description: "Integrated circuits", structural: true },
  { path: "Electronics/ICs/Microcontrollers", description: "MCUs and wireless modules", location: "Lab/ESD Cabinet" },
  { path: "Electronics/ICs/Power", description: "Voltage regulators and converters", location: "Warehouse/Shelf B/Bin 1" },
  { path: "Electronics/ICs/Sensors", description: "Environmental and motion sensors", location: "Lab/ESD Cabinet" },
  { path: "Electronics/Discretes", description: "Diodes, transistors and LEDs", location: "Warehouse/Shelf A/Bin 4" },
  { path: "Electronics/Connectors", description: "Board-to-wire and USB connectors", location: "Warehouse/Shelf B/Bin 2" },
  { path: "Mechanical", description: "Mechanical parts", structural: true },
  { path: "Mechanical/Fasteners", description: "Screws, nuts and standoffs", location: "Warehouse/Shelf C/Drawer 1" },
  { path: "Mechanical/Enclosures", description: "Project boxes and cases", location: "Warehouse/Shelf C/Drawer 2" },
  { path: "Consumables", description: "Solder, flux, tape and wire", location: "Lab/Bench 1" },
  { path: "Assemblies", description: "Boards we build and sell", location: "Warehouse/Shelf B/Bin 3" },
];

export interface LocationDef {
  path: string;
  description: string;
  structural?: boolean;
}

export const LOCATIONS: LocationDef[] = [
  { path: "Warehouse", description: "Main storage room", structural: true },
  { path: "Warehouse/Shelf A", description: "Small SMD parts" },
  { path: "Warehouse/Shelf A/Bin 1", description: "Resistors" },
  { path: "Warehouse/Shelf A/Bin 2", description: "Capacitors" },
  { path: "Warehouse/Shelf A/Bin 3", description: "Inductors" },
  { path: "Warehouse/Shelf A/Bin 4", description: "Discretes" },
  { path: "Warehouse/Shelf B", description: "ICs, connectors and finished boards" },
  { path: "Warehouse/Shelf B/Bin 1", description: "Power ICs" },
  { path: "Warehouse/Shelf B/Bin 2", description: "Connectors" },
  { path: "Warehouse/Shelf B/Bin 3", description: "Finished assemblies" },
  { path: "Warehouse/Shelf C", description: "Mechanical parts" },
  { path: "Warehouse/Shelf C/Drawer 1", description: "Fasteners" },
  { path: "Warehouse/Shelf C/Drawer 2", description: "Enclosures" },
  { path: "Warehouse/Receiving", description: "Goods in, awaiting inspection" },
  { path: "Lab", description: "Electronics lab" },
  { path: "Lab/Bench 1", description: "Soldering station" },
  { path: "Lab/Bench 2", description: "Test and programming" },
  { path: "Lab/ESD Cabinet", description: "Moisture- and ESD-sensitive parts" },
  { path: "Shipping", description: "Packing and dispatch" },
  { path: "Shipping/Outbound", description: "Packed, waiting for the courier" },
];

export interface CompanyDef {
  key: string;
  name: string;
  description: string;
  website: string;
  currency: string;
  is_supplier?: boolean;
  is_manufacturer?: boolean;
  is_customer?: boolean;
  email?: string;
}

export const COMPANIES: CompanyDef[] = [
  { key: "digikey", name: "DigiKey", description: "Electronic components distributor", website: "https://www.digikey.com", currency: "USD", is_supplier: true },
  { key: "mouser", name: "Mouser Electronics", description: "Electronic components distributor", website: "https://www.mouser.com", currency: "USD", is_supplier: true },
  { key: "lcsc", name: "LCSC", description: "Electronic components distributor (Shenzhen)", website: "https://www.lcsc.com", currency: "USD", is_supplier: true },
  { key: "tme", name: "TME", description: "Transfer Multisort Elektronik", website: "https://www.tme.eu", currency: "EUR", is_supplier: true },
  { key: "yageo", name: "Yageo", description: "Passive components manufacturer", website: "https://www.yageo.com", currency: "USD", is_supplier: false, is_manufacturer: true },
  { key: "samsung", name: "Samsung Electro-Mechanics", description: "MLCC manufacturer", website: "https://www.samsungsem.com", currency: "USD", is_supplier: false, is_manufacturer: true },
  { key: "st", name: "STMicroelectronics", description: "Semiconductor manufacturer", website: "https://www.st.com", currency: "EUR", is_supplier: false, is_manufacturer: true },
  { key: "microchip", name: "Microchip Technology", description: "Semiconductor manufacturer", website: "https://www.microchip.com", currency: "USD", is_supplier: false, is_manufacturer: true },
  { key: "acme", name: "Acme Robotics Ltd", description: "Customer: buys sensor nodes", website: "https://acme-robotics.example", currency: "GBP", is_supplier: false, is_customer: true, email: "purchasing@acme-robotics.example" },
  { key: "makerspace", name: "Riverside Makerspace", description: "Customer: kits for workshops", website: "https://riverside-makerspace.example", currency: "EUR", is_supplier: false, is_customer: true, email: "hello@riverside-makerspace.example" },
];

interface SupplierPartDef {
  supplier: "digikey" | "mouser" | "lcsc" | "tme";
  SKU: string;
  pack?: string;
}

export interface PartDef {
  IPN: string;
  name: string;
  description: string;
  category: string;
  units?: string;
  keywords?: string;
  trackable?: boolean;
  assembly?: boolean;
  salable?: boolean;
  purchaseable?: boolean;
  minimum_stock?: number;
  /** Manufacturer key and part number, when the part has one. */
  manufacturer?: string;
  MPN?: string;
  suppliers?: SupplierPartDef[];
  /** Typical quantity of one stock item (a reel, a bag, a box), for the generated stock. */
  lot: number;
  /** How many stock items of this part the demo holds. */
  items: number;
  /** Unit price in USD, for purchase prices. */
  price: number;
}

const R = "Electronics/Passives/Resistors";
const C = "Electronics/Passives/Capacitors";

export const PARTS: PartDef[] = [
  // Resistors
  { IPN: "R-0603-10K", name: "Resistor 10k 0603", description: "10 kOhm 1% 0.1W 0603 thick film", category: R, keywords: "resistor 10k pullup", manufacturer: "yageo", MPN: "RC0603FR-0710KL", lot: 500, items: 14, price: 0.002, minimum_stock: 500,
    suppliers: [{ supplier: "digikey", SKU: "311-10.0KCRCT-ND" }, { supplier: "mouser", SKU: "603-RC0603FR-0710KL" }, { supplier: "lcsc", SKU: "C25804" }, { supplier: "tme", SKU: "RC0603FR-0710KL" }] },
  { IPN: "R-0603-1K", name: "Resistor 1k 0603", description: "1 kOhm 1% 0.1W 0603 thick film", category: R, keywords: "resistor 1k led", manufacturer: "yageo", MPN: "RC0603FR-071KL", lot: 500, items: 12, price: 0.002,
    suppliers: [{ supplier: "digikey", SKU: "311-1.00KHRCT-ND" }, { supplier: "lcsc", SKU: "C21190" }] },
  { IPN: "R-0603-4K7", name: "Resistor 4.7k 0603", description: "4.7 kOhm 1% 0.1W 0603, I2C pull-ups", category: R, keywords: "resistor 4k7 i2c", manufacturer: "yageo", MPN: "RC0603FR-074K7L", lot: 500, items: 10, price: 0.002,
    suppliers: [{ supplier: "mouser", SKU: "603-RC0603FR-074K7L" }, { supplier: "lcsc", SKU: "C23162" }] },
  { IPN: "R-0603-100R", name: "Resistor 100R 0603", description: "100 Ohm 1% 0.1W 0603", category: R, manufacturer: "yageo", MPN: "RC0603FR-07100RL", lot: 500, items: 8, price: 0.002,
    suppliers: [{ supplier: "lcsc", SKU: "C22775" }, { supplier: "tme", SKU: "RC0603FR-07100RL" }] },
  { IPN: "R-0805-0R", name: "Resistor 0R 0805", description: "Zero-ohm jumper 0805", category: R, manufacturer: "yageo", MPN: "RC0805JR-070RL", lot: 1000, items: 5, price: 0.002,
    suppliers: [{ supplier: "digikey", SKU: "311-0.0ARCT-ND" }] },
  { IPN: "R-2512-R10", name: "Shunt 0.1R 2512", description: "0.1 Ohm 1% 1W 2512 current sense", category: R, keywords: "shunt current sense", manufacturer: "yageo", MPN: "PE2512FKF7W0R1L", lot: 50, items: 4, price: 0.21,
    suppliers: [{ supplier: "mouser", SKU: "603-PE2512FKF7W0R1L" }] },
  // Capacitors
  { IPN: "C-0603-100N", name: "Capacitor 100nF 0603", description: "100 nF 50V X7R 0603 MLCC, decoupling", category: C, keywords: "capacitor decoupling 100n", manufacturer: "samsung", MPN: "CL10B104KB8NNNC", lot: 1000, items: 14, price: 0.003, minimum_stock: 1000,
    suppliers: [{ supplier: "digikey", SKU: "1276-1000-1-ND" }, { supplier: "mouser", SKU: "187-CL10B104KB8NNNC" }, { supplier: "lcsc", SKU: "C1591" }, { supplier: "tme", SKU: "CL10B104KB8NNNC" }] },
  { IPN: "C-0603-1U", name: "Capacitor 1uF 0603", description: "1 uF 25V X5R 0603 MLCC", category: C, manufacturer: "samsung", MPN: "CL10A105KA8NNNC", lot: 500, items: 9, price: 0.004,
    suppliers: [{ supplier: "lcsc", SKU: "C15849" }] },
  { IPN: "C-0805-10U", name: "Capacitor 10uF 0805", description: "10 uF 25V X5R 0805 MLCC, bulk", category: C, manufacturer: "samsung", MPN: "CL21A106KAYNNNE", lot: 500, items: 9, price: 0.012,
    suppliers: [{ supplier: "digikey", SKU: "1276-2891-1-ND" }, { supplier: "lcsc", SKU: "C15850" }] },
  { IPN: "C-0603-22P", name: "Capacitor 22pF 0603", description: "22 pF 50V C0G 0603, crystal load", category: C, manufacturer: "samsung", MPN: "CL10C220JB8NNNC", lot: 500, items: 6, price: 0.003,
    suppliers: [{ supplier: "lcsc", SKU: "C1653" }] },
  { IPN: "C-EL-470U-25V", name: "Capacitor 470uF 25V", description: "470 uF 25V radial aluminium electrolytic", category: C, lot: 20, items: 5, price: 0.18,
    suppliers: [{ supplier: "tme", SKU: "KE-470/25" }] },
  // Inductors
  { IPN: "L-4040-10U", name: "Inductor 10uH 4x4", description: "10 uH 1.5A shielded power inductor", category: "Electronics/Passives/Inductors", lot: 100, items: 6, price: 0.09,
    suppliers: [{ supplier: "lcsc", SKU: "C167888" }] },
  { IPN: "FB-0603-600R", name: "Ferrite bead 600R 0603", description: "600 Ohm @ 100 MHz ferrite bead 0603", category: "Electronics/Passives/Inductors", lot: 500, items: 4, price: 0.01,
    suppliers: [{ supplier: "lcsc", SKU: "C1015" }] },
  // Microcontrollers
  { IPN: "U-STM32F103C8", name: "STM32F103C8T6", description: "ARM Cortex-M3 MCU, 64KB flash, LQFP-48", category: "Electronics/ICs/Microcontrollers", keywords: "mcu stm32 arm", manufacturer: "st", MPN: "STM32F103C8T6", lot: 10, items: 8, price: 3.2, minimum_stock: 10,
    suppliers: [{ supplier: "digikey", SKU: "497-6063-ND" }, { supplier: "mouser", SKU: "511-STM32F103C8T6" }, { supplier: "lcsc", SKU: "C8734" }, { supplier: "tme", SKU: "STM32F103C8T6" }] },
  { IPN: "U-ATMEGA328P", name: "ATmega328P-AU", description: "8-bit AVR MCU, 32KB flash, TQFP-32", category: "Electronics/ICs/Microcontrollers", keywords: "mcu avr arduino", manufacturer: "microchip", MPN: "ATMEGA328P-AU", lot: 10, items: 6, price: 2.6,
    suppliers: [{ supplier: "digikey", SKU: "ATMEGA328P-AU-ND" }, { supplier: "mouser", SKU: "556-ATMEGA328P-AU" }, { supplier: "lcsc", SKU: "C14877" }] },
  { IPN: "U-RP2040", name: "RP2040", description: "Dual Cortex-M0+ MCU, QFN-56", category: "Electronics/ICs/Microcontrollers", keywords: "mcu raspberry pi pico", MPN: "RP2040", lot: 20, items: 5, price: 0.8,
    suppliers: [{ supplier: "digikey", SKU: "2648-SC0914(13)CT-ND" }, { supplier: "lcsc", SKU: "C2040" }] },
  { IPN: "U-ESP32-WROOM", name: "ESP32-WROOM-32E", description: "Wi-Fi + BLE module, 4MB flash", category: "Electronics/ICs/Microcontrollers", keywords: "wifi bluetooth module", MPN: "ESP32-WROOM-32E-N4", lot: 10, items: 6, price: 3.1,
    suppliers: [{ supplier: "mouser", SKU: "356-ESP32WRM32EN4" }, { supplier: "lcsc", SKU: "C701341" }] },
  // Power
  { IPN: "U-AMS1117-33", name: "AMS1117-3.3", description: "3.3V 1A LDO regulator, SOT-223", category: "Electronics/ICs/Power", keywords: "ldo regulator 3v3", MPN: "AMS1117-3.3", lot: 50, items: 7, price: 0.07,
    suppliers: [{ supplier: "lcsc", SKU: "C6186" }] },
  { IPN: "U-TPS563200", name: "TPS563200", description: "17V 3A synchronous buck converter, SOT-23-6", category: "Electronics/ICs/Power", keywords: "buck converter", MPN: "TPS563200DDCR", lot: 25, items: 5, price: 0.62,
    suppliers: [{ supplier: "digikey", SKU: "296-44516-1-ND" }, { supplier: "mouser", SKU: "595-TPS563200DDCR" }] },
  // Sensors
  { IPN: "U-BME280", name: "BME280", description: "Humidity, pressure and temperature sensor, LGA-8", category: "Electronics/ICs/Sensors", keywords: "sensor humidity pressure i2c", MPN: "BME280", lot: 10, items: 6, price: 4.1,
    suppliers: [{ supplier: "digikey", SKU: "828-1063-1-ND" }, { supplier: "mouser", SKU: "262-BME280" }, { supplier: "lcsc", SKU: "C92489" }] },
  { IPN: "U-MCP9808", name: "MCP9808", description: "±0.25°C digital temperature sensor, MSOP-8", category: "Electronics/ICs/Sensors", manufacturer: "microchip", MPN: "MCP9808-E/MS", lot: 10, items: 4, price: 1.05,
    suppliers: [{ supplier: "mouser", SKU: "579-MCP9808-E/MS" }] },
  // Discretes
  { IPN: "D-1N4148W", name: "1N4148W", description: "Small-signal switching diode, SOD-123", category: "Electronics/Discretes", lot: 200, items: 6, price: 0.01,
    suppliers: [{ supplier: "lcsc", SKU: "C81598" }] },
  { IPN: "D-SS34", name: "SS34 Schottky", description: "40V 3A Schottky diode, SMA", category: "Electronics/Discretes", lot: 100, items: 5, price: 0.03,
    suppliers: [{ supplier: "lcsc", SKU: "C8678" }, { supplier: "tme", SKU: "SS34-DIO" }] },
  { IPN: "Q-2N7002", name: "2N7002 N-MOSFET", description: "60V 300mA N-channel MOSFET, SOT-23", category: "Electronics/Discretes", lot: 200, items: 6, price: 0.02,
    suppliers: [{ supplier: "lcsc", SKU: "C8545" }, { supplier: "digikey", SKU: "2N7002NCT-ND" }] },
  { IPN: "Q-AO3401A", name: "AO3401A P-MOSFET", description: "-30V -4A P-channel MOSFET, SOT-23", category: "Electronics/Discretes", lot: 200, items: 5, price: 0.03,
    suppliers: [{ supplier: "lcsc", SKU: "C15127" }] },
  { IPN: "LED-0603-RED", name: "LED red 0603", description: "Red LED 0603, 20mA", category: "Electronics/Discretes", keywords: "led indicator", lot: 200, items: 6, price: 0.01,
    suppliers: [{ supplier: "lcsc", SKU: "C2286" }] },
  { IPN: "LED-WS2812B", name: "WS2812B", description: "Addressable RGB LED 5050", category: "Electronics/Discretes", keywords: "led rgb neopixel", lot: 100, items: 6, price: 0.06,
    suppliers: [{ supplier: "lcsc", SKU: "C114586" }] },
  // Connectors
  { IPN: "J-USBC-16P", name: "USB-C receptacle 16P", description: "USB Type-C 2.0 receptacle, 16 pins, SMT", category: "Electronics/Connectors", keywords: "usb type-c connector", MPN: "USB4105-GF-A", lot: 50, items: 6, price: 0.7,
    suppliers: [{ supplier: "digikey", SKU: "2073-USB4105-GF-ACT-ND" }, { supplier: "mouser", SKU: "640-USB4105-GF-A" }] },
  { IPN: "J-JSTPH-2P", name: "JST PH 2-pin header", description: "JST PH 2.0mm 2-pin right-angle header, battery", category: "Electronics/Connectors", MPN: "S2B-PH-SM4-TB(LF)(SN)", lot: 100, items: 4, price: 0.12,
    suppliers: [{ supplier: "tme", SKU: "S2B-PH-SM4-TB" }, { supplier: "lcsc", SKU: "C295747" }] },
  { IPN: "J-HDR-1X40", name: "Pin header 1x40 2.54mm", description: "Breakable male pin header, 40 pins", category: "Electronics/Connectors", lot: 50, items: 4, price: 0.15,
    suppliers: [{ supplier: "tme", SKU: "ZL201-40G" }] },
  // Mechanical
  { IPN: "M-SCR-M3X8", name: "Screw M3x8 socket head", description: "DIN 912 M3x8 socket head cap screw, A2 stainless", category: "Mechanical/Fasteners", keywords: "screw m3 din912", lot: 100, items: 5, price: 0.03,
    suppliers: [{ supplier: "tme", SKU: "B3X8/BN610" }] },
  { IPN: "M-NUT-M3", name: "Hex nut M3", description: "DIN 934 M3 hex nut, A2 stainless", category: "Mechanical/Fasteners", lot: 100, items: 4, price: 0.01,
    suppliers: [{ supplier: "tme", SKU: "B3/BN615" }] },
  { IPN: "M-STO-M3X10", name: "Standoff M3x10 F/F", description: "Hex standoff M3x10 female-female, brass", category: "Mechanical/Fasteners", lot: 50, items: 4, price: 0.09,
    suppliers: [{ supplier: "tme", SKU: "DR310X10" }] },
  { IPN: "M-ENC-1591XXB", name: "Enclosure Hammond 1591XXB", description: "ABS enclosure 112x62x31mm, black", category: "Mechanical/Enclosures", MPN: "1591XXBBK", lot: 5, items: 3, price: 4.4,
    suppliers: [{ supplier: "digikey", SKU: "HM961-ND" }, { supplier: "mouser", SKU: "546-1591XXBBK" }] },
  // Consumables
  { IPN: "X-SOLDER-063", name: "Solder wire Sn63Pb37 0.8mm", description: "Rosin-core solder wire, 0.8mm", category: "Consumables", units: "g", keywords: "solder", lot: 250, items: 3, price: 0.09, minimum_stock: 100,
    suppliers: [{ supplier: "tme", SKU: "SN63-0.8/250G", pack: "250 g" }] },
  { IPN: "X-WIRE-22AWG", name: "Hook-up wire 22AWG", description: "Stranded PVC hook-up wire, red", category: "Consumables", units: "m", lot: 30, items: 3, price: 0.12,
    suppliers: [{ supplier: "digikey", SKU: "3050R-100-ND", pack: "30.5 m" }] },
  { IPN: "X-KAPTON-10", name: "Kapton tape 10mm", description: "Polyimide tape 10mm x 33m", category: "Consumables", units: "m", lot: 33, items: 2, price: 0.2,
    suppliers: [{ supplier: "tme", SKU: "KAPTON-10/33", pack: "33 m" }] },
  { IPN: "X-IPA", name: "Isopropyl alcohol 99.9%", description: "Cleaning solvent for flux residue", category: "Consumables", units: "mL", lot: 1000, items: 2, price: 0.01 },
  // Assemblies: built here, serialised, sold
  { IPN: "A-SNODE-01", name: "Sensor Node", description: "ESP32 + BME280 environmental sensor node, assembled and tested", category: "Assemblies", keywords: "pcba sensor node", trackable: true, assembly: true, salable: true, purchaseable: false, lot: 1, items: 12, price: 38, minimum_stock: 5 },
  { IPN: "A-MDRV-02", name: "Motor Driver Board", description: "Dual H-bridge motor driver, STM32 controlled", category: "Assemblies", keywords: "pcba motor driver", trackable: true, assembly: true, salable: true, purchaseable: false, lot: 1, items: 8, price: 52 },
  { IPN: "K-USBMETER", name: "USB Power Meter Kit", description: "Solder-it-yourself USB power meter kit", category: "Assemblies", keywords: "kit workshop", assembly: true, salable: true, purchaseable: false, lot: 10, items: 3, price: 14 },
];
