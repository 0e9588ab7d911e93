export { StatusClassSchema } from "../status/service.ts";
