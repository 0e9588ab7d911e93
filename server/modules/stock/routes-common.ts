export { StatusClassSchema } from "../status/status-class.ts";
